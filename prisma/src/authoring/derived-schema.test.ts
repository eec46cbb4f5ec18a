import { describe, expect, it } from 'vitest';
import { deriveAuthoringSchema } from './derived-schema';

const schema = `// comment kept
generator client {
  provider     = "prisma-client"
  output       = "../src/infrastructure/prisma/__generated__"
  moduleFormat = "esm"
}

datasource db {
  provider = "postgresql"
}

model Note {
  id String @id @db.Uuid
}
`;

describe('deriveAuthoringSchema', () => {
  const derived = deriveAuthoringSchema(schema);

  it('drops generator blocks so Prisma 6.19 never writes a client', () => {
    expect(derived).not.toMatch(/generator/);
    expect(derived).not.toMatch(/__generated__/);
  });

  it('gives the datasource the url Prisma 6.19 requires', () => {
    expect(derived).toMatch(/datasource db \{\n {2}url = "postgresql:\/\/[^"]+"\n {2}provider = "postgresql"\n\}/);
  });

  it('keeps models and comments unchanged', () => {
    expect(derived).toContain('// comment kept');
    expect(derived).toContain('model Note {\n  id String @id @db.Uuid\n}');
  });

  it('leaves a datasource that already has a url alone', () => {
    const withUrl = 'datasource db {\n  provider = "postgresql"\n  url = env("X")\n}\n';
    expect(deriveAuthoringSchema(withUrl)).toBe(withUrl);
  });
});

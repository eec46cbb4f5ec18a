import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, type TempDir } from '@agora/testing';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailWorker, enqueueMail, renderMail } from '../src/index';
import { backends, type TestDb } from './support/databases';
import { recordingLogger } from './support/logs';

describe('without SMTP_URL: the development file transport', () => {
  let db: TestDb;
  let dir: TempDir;

  beforeAll(async () => {
    db = await backends[0]!.open();
    dir = await tempDir('agora-mail-');
  });
  afterAll(async () => {
    await db?.dispose();
    await dir?.remove();
  });

  it('writes each mail as an RFC 5322 .eml file under <dataDir>/mail and logs its links at info', async () => {
    const logger = recordingLogger();
    const id = randomUUID();
    const link = 'http://localhost:4000/account/verify-email?token=abc';
    const { text, html } = renderMail({
      heading: 'Confirm your email',
      paragraphs: ['Hi ada.'],
      action: { label: 'Confirm my email', url: link },
    });
    await db.transaction((tx) =>
      enqueueMail(tx, [
        { id, kind: 'identity.verify-email', to: 'ada@example.test', subject: 'Confirm your email', text, html, createdAt: new Date() },
      ]),
    );

    await createMailWorker({
      db,
      logger,
      settings: { smtpUrl: undefined, from: 'Agora <no-reply@agora.localhost>', publicUrl: 'http://localhost:4000', dataDir: dir.path },
    }).drain();

    const files = await readdir(join(dir.path, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z-identity\\.verify-email-${id}\\.eml$`));
    const raw = await readFile(join(dir.path, 'mail', files[0]!), 'utf8');
    expect(raw).toContain('\r\n');
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(`<${id}@agora>`);
    expect(parsed.subject).toBe('Confirm your email');
    expect(parsed.text).toBe(text);
    expect(parsed.html).toBe(html);

    const line = logger.lines.find((l) => l.level === 'info');
    expect(line?.fields).toEqual({
      to: 'ada@example.test',
      subject: 'Confirm your email',
      file: join(dir.path, 'mail', files[0]!),
      links: [link],
    });
    expect(await db.rows()).toMatchObject([{ id, sent: true }]);
  });
});

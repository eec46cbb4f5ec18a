import { existsSync } from 'node:fs';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, tempDir, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { END_MARKER } from '../src/cli/messaging-block';
import { openDatabase } from '../src/index';
import { copyFixture, runCli } from './support/fixture';

/** Prisma's WASM engine on PGlite takes a while on a busy 2-core machine. */
const SLOW = { timeout: 300_000 };

const migrationDirs = async (ctx: string) =>
  (await readdir(join(ctx, 'prisma', 'migrations'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('agora-prisma CLI (run from a context directory)', () => {
  let ctx: TempDir;
  beforeEach(async () => {
    ctx = await copyFixture();
    await writeFile(join(ctx.path, 'package.json'), JSON.stringify({ name: '@agora/notes', private: true }));
  });
  afterEach(async () => {
    await ctx.remove();
  });

  it('migrate:new says "no changes" and writes nothing when the schema matches the migrations', SLOW, async () => {
    const before = await migrationDirs(ctx.path);
    const run = await runCli(['migrate:new', '--name', 'nothing'], ctx.path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/notes: no changes/);
    expect(await migrationDirs(ctx.path)).toEqual(before);
  });

  it('migrate:new writes the CREATE TABLE for an added model, which then applies cleanly', SLOW, async () => {
    const schemaFile = join(ctx.path, 'prisma', 'schema.prisma');
    await appendFile(schemaFile, '\nmodel Tag {\n  id    String @id @db.Uuid\n  label String @unique\n\n  @@map("tag")\n}\n');
    const before = await migrationDirs(ctx.path);

    const run = await runCli(['migrate:new', '--name', 'add_tag'], ctx.path);
    expect(run.code, run.stderr).toBe(0);
    const after = await migrationDirs(ctx.path);
    expect(after.slice(0, -1)).toEqual(before);
    const created = after.at(-1)!;
    expect(created).toMatch(/^\d{14}_add_tag$/);
    expect(created > before.at(-1)!).toBe(true);
    expect(run.stdout).toContain(`created prisma/migrations/${created}/migration.sql`);

    const sql = await readFile(join(ctx.path, 'prisma', 'migrations', created, 'migration.sql'), 'utf8');
    expect(sql).toMatch(
      /CREATE TABLE "tag" \(\s*"id" UUID NOT NULL,\s*"label" TEXT NOT NULL,\s*CONSTRAINT "tag_pkey" PRIMARY KEY \("id"\)\s*\);/,
    );
    expect(sql).toMatch(/CREATE UNIQUE INDEX "tag_label_key" ON "tag"\("label"\);/);
    expect(sql).not.toMatch(/"note"|"outbox"|"inbox"/);

    const db = await openDatabase({ memory: true });
    try {
      expect((await db.migrate(join(ctx.path, 'prisma', 'migrations'))).applied).toEqual(after);
    } finally {
      await db.close();
    }

    const again = await runCli(['migrate:new', '--name', 'add_tag_again'], ctx.path);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/no changes/);
  });

  it('generate syncs the messaging block, then generates the client; check guards the block', SLOW, async () => {
    const schemaFile = join(ctx.path, 'prisma', 'schema.prisma');
    const schema = await readFile(schemaFile, 'utf8');
    // A context that still has an outdated copy of the shared models.
    await writeFile(schemaFile, schema.replace('aggregateId String    @map("aggregate_id")', 'aggregateId String'));

    const drift = await runCli(['check'], ctx.path);
    expect(drift.code).toBe(1);
    expect(drift.stderr.trim().split('\n')).toEqual([
      'agora-prisma: notes: the messaging block differs from prisma/models/messaging.prisma (run: agora-prisma generate)',
    ]);

    const generated = await runCli(['generate'], ctx.path);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('notes: shared models (messaging and opted-in kernels) synced into prisma/schema.prisma');
    expect(await readFile(schemaFile, 'utf8')).toBe(schema);
    expect(existsSync(join(ctx.path, 'src', 'infrastructure', 'prisma', '__generated__', 'client.ts'))).toBe(true);
    expect(existsSync(join(ctx.path, 'src', 'infrastructure', 'prisma', '__generated__', 'models', 'OutboxEvent.ts'))).toBe(true);

    const ok = await runCli(['check'], ctx.path);
    expect(ok.code).toBe(0);
  });

  it('generate appends the messaging block to a schema that has none', SLOW, async () => {
    const schemaFile = join(ctx.path, 'prisma', 'schema.prisma');
    const schema = await readFile(schemaFile, 'utf8');
    const withoutBlock = schema.slice(0, schema.indexOf('// ── messaging: begin')).trimEnd() + '\n';
    await writeFile(schemaFile, withoutBlock);
    expect((await runCli(['check'], ctx.path)).stderr).toMatch(/the messaging block is missing/);

    const generated = await runCli(['generate'], ctx.path);
    expect(generated.code, generated.stderr).toBe(0);
    const synced = await readFile(schemaFile, 'utf8');
    expect(synced.startsWith(withoutBlock.trimEnd())).toBe(true);
    expect(synced.trimEnd().endsWith(END_MARKER)).toBe(true);
    expect((await runCli(['check'], ctx.path)).code).toBe(0);
  });

  it('migrate:deploy applies to <CTX>_DATABASE_URL once, and refuses a tampered history in one line', SLOW, async () => {
    const database = await createTestDatabase('prisma_cli');
    const env = { NOTES_DATABASE_URL: database.url };
    try {
      const first = await runCli(['migrate:deploy'], ctx.path, env);
      expect(first.code, first.stderr).toBe(0);
      const [init] = await migrationDirs(ctx.path);
      expect(first.stdout).toContain(`notes: applied ${init} (NOTES_DATABASE_URL)`);

      const second = await runCli(['migrate:deploy'], ctx.path, env);
      expect(second.stdout).toContain('notes: database is up to date');

      await appendFile(join(ctx.path, 'prisma', 'migrations', init!, 'migration.sql'), '\n-- edited after deploy\n');
      const refused = await runCli(['migrate:deploy'], ctx.path, env);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(new RegExp(`^agora-prisma: notes: migration ${init} was modified after it was applied`));
    } finally {
      await database.drop();
    }
  });

  it('migrate:deploy without a URL migrates the PGlite directory <DATA_DIR>/<ctx>', SLOW, async () => {
    const data = await tempDir('agora-prisma-data-');
    try {
      const run = await runCli(['migrate:deploy'], ctx.path, { DATA_DIR: data.path, NOTES_DATABASE_URL: '' });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`notes: applied ${(await migrationDirs(ctx.path)).join(', ')} (${join(data.path, 'notes')})`);
      // The CLI closed PGlite cleanly and released the directory: it opens again with the history intact.
      const db = await openDatabase({ dataDir: join(data.path, 'notes') });
      try {
        expect(await db.migrate(join(ctx.path, 'prisma', 'migrations'))).toEqual({ applied: [] });
      } finally {
        await db.close();
      }
    } finally {
      await data.remove();
    }
  });

  it('explains a missing --name in one line', async () => {
    const run = await runCli(['migrate:new'], ctx.path);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('agora-prisma: migrate:new needs --name <snake_name>, e.g. --name add_post_title\n');
  });
});

import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandPipeline } from '@agora/context-runtime';
import { createUnitOfWork, openDatabase, type Database } from '@agora/prisma-kit';
import { SequentialIds } from '../src/application/testing/commands.mother';
import { editPost } from '../src/application/edit-post/edit-post.command';
import { tempDir, type TempDir } from '@agora/testing';
import { postsScope } from '../src/infrastructure/posts-scope';
import { PrismaClient } from '../src/infrastructure/prisma/__generated__/client';
import { hashReadModel, rebuildReadModel } from '../src/infrastructure/read-model';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const [INIT] = readdirSync(MIGRATIONS).filter((name) => name.endsWith('_init'));

const A = '01900000-0000-7000-8000-00000000000a';
const B = '01900000-0000-7000-8000-00000000000b';
const C = '01900000-0000-7000-8000-00000000000c';
const D = '01900000-0000-7000-8000-00000000000d';
const ALICE = '01900000-0000-7000-8000-00000000a11c';
const CIRCLE = '01900000-0000-7000-8000-0000000c1c01';

/** Posts written before event sourcing get a stream that projects exactly to their row. */
describe('event_sourcing migration of existing posts', () => {
  let dir: TempDir;
  let db: Database;
  let prisma: PrismaClient;

  beforeAll(async () => {
    dir = await tempDir('posts-migration-');
    cpSync(join(MIGRATIONS, INIT!), join(dir.path, INIT!), { recursive: true });
    cpSync(join(MIGRATIONS, 'migration_lock.toml'), join(dir.path, 'migration_lock.toml'));
    db = await openDatabase({ memory: true });
    await db.migrate(dir.path);
    prisma = new PrismaClient({ adapter: db.adapter });
    await prisma.$executeRawUnsafe(`
      INSERT INTO post (id, author_id, body, visibility, circle_ids, version, created_at, edited_at, deleted_at) VALUES
        ('${A}', '${ALICE}', 'plain', 'PUBLIC', '{}', 1, '2026-01-01T00:00:00.123Z', NULL, NULL),
        ('${B}', '${ALICE}', 'edited thrice', 'CIRCLE', '{${CIRCLE}}', 4, '2026-01-02T00:00:00Z', '2026-01-03T00:00:00.5Z', NULL),
        ('${C}', '${ALICE}', 'gone', 'FOLLOWERS', '{}', 2, '2026-01-04T00:00:00Z', NULL, '2026-01-05T00:00:00Z'),
        ('${D}', '${ALICE}', 'edited then gone', 'PUBLIC', '{}', 5, '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z')`);
    await db.migrate(MIGRATIONS);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await dir?.remove();
  });

  it('gives every post a stream (published / edited / deleted) and aligns its version with it', async () => {
    const events = await prisma.postEvent.findMany({ orderBy: [{ postId: 'asc' }, { version: 'asc' }] });
    expect(events.map((e) => [e.postId, e.version, e.type])).toEqual([
      [A, 1, 'posts.post.published.v1'],
      [B, 1, 'posts.post.published.v1'],
      [B, 2, 'posts.post.edited.v1'],
      [C, 1, 'posts.post.published.v1'],
      [C, 2, 'posts.post.deleted.v1'],
      [D, 1, 'posts.post.published.v1'],
      [D, 2, 'posts.post.edited.v1'],
      [D, 3, 'posts.post.deleted.v1'],
    ]);
    expect(events[1]!.payload).toEqual({
      postId: B, authorId: ALICE, body: 'edited thrice', visibility: 'CIRCLE', circleIds: [CIRCLE], publishedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(events[2]!.payload).toMatchObject({ editedAt: '2026-01-03T00:00:00.500Z', version: 2 });
    const versions = await prisma.post.findMany({ orderBy: { id: 'asc' }, select: { version: true } });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 2, 3]);
    // Nothing re-published: these events predate the outbox's role.
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it('the migrated streams rebuild the same table, and commands continue from them', async () => {
    const before = await hashReadModel(prisma);
    await rebuildReadModel(prisma);
    expect(await hashReadModel(prisma)).toBe(before);

    const unitOfWork = createUnitOfWork(prisma, { scope: postsScope });
    const load = (id: string) => unitOfWork.run((scope) => scope.posts.load(id));
    const post = await load(B);
    expect(post?.snapshot).toMatchObject({ body: 'edited thrice', version: 2, circleIds: [CIRCLE] });
    const commands = createCommandPipeline({ context: 'POSTS', unitOfWork, clock: { now: () => new Date('2026-02-01T00:00:00Z') }, ids: new SequentialIds() });
    await commands.execute(editPost, { input: { id: B, body: 'after migration', expectedVersion: 2 }, viewer: { userId: ALICE, username: 'alice' }, requestId: 'test' });
    expect(await prisma.post.findUniqueOrThrow({ where: { id: B } })).toMatchObject({ body: 'after migration', version: 3 });
    expect(await load(C)).toBeNull();
  });
});

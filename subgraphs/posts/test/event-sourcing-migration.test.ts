import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandPipeline } from '@agora/context-runtime';
import { createUnitOfWork, openDatabase, uuidArray, type Database } from '@agora/prisma-kit';
import { tempDir, type TempDir } from '@agora/testing';
import { SequentialIds } from '../src/application/testing/commands.mother';
import { editPost } from '../src/application/edit-post/edit-post.command';
import { Post, type PostSnapshot } from '../src/domain/post/post.aggregate';
import type { PostEvent } from '../src/domain/post/post.events';
import { foldPostEvents } from '../src/domain/post/post-projection';
import { fromStoredEvent } from '../src/infrastructure/post-event-store.mapper';
import { toEnvelope } from '../src/infrastructure/post-events.mapper';
import { toPostRow } from '../src/infrastructure/post.projection';
import { postsScope } from '../src/infrastructure/posts-scope';
import { PrismaClient } from '../src/infrastructure/prisma/__generated__/client';
import { rebuildReadModel } from '../src/infrastructure/read-model';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const MIGRATION_NAMES = readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const [INIT] = MIGRATION_NAMES.filter((name) => name.endsWith('_init'));
const OWN_FORMAT = MIGRATION_NAMES.find((name) => name.endsWith('_stored_events_own_format'))!;
/** Every migration before the stream's rows became posts' own events: the database as the previous version left it. */
const BEFORE_OWN_FORMAT = MIGRATION_NAMES.filter((name) => name < OWN_FORMAT);

const A = '01900000-0000-7000-8000-00000000000a';
const B = '01900000-0000-7000-8000-00000000000b';
const C = '01900000-0000-7000-8000-00000000000c';
const D = '01900000-0000-7000-8000-00000000000d';
const ALICE = '01900000-0000-7000-8000-00000000a11c';
const CIRCLE = '01900000-0000-7000-8000-0000000c1c01';

/** A migrations folder holding only `names` (and the lock file), to stop a database at that point. */
async function migrationsUpTo(names: string[]): Promise<TempDir> {
  const dir = await tempDir('posts-migrations-');
  for (const name of names) cpSync(join(MIGRATIONS, name), join(dir.path, name), { recursive: true });
  cpSync(join(MIGRATIONS, 'migration_lock.toml'), join(dir.path, 'migration_lock.toml'));
  return dir;
}

/**
 * The read table as the previous versions know it: every row, every column but attachment_ids
 * (which the media_attachments migration adds, so this client's hashReadModel cannot read the
 * table before it runs). `emptyAttachments` says whether every row's attachment_ids is '{}' (null
 * before the column exists).
 */
async function oldColumns(prisma: PrismaClient): Promise<{ rows: string; emptyAttachments: boolean | null }> {
  const rows = await prisma.$queryRawUnsafe<{ row: unknown; attachments: string[] | null }[]>(
    // Columns added after these migrations (attachments; moderation's removed_at / moderated_at, null for every old post) are left out.
    `SELECT to_jsonb(p) - 'attachment_ids' - 'removed_at' - 'moderated_at' AS row, to_jsonb(p)->'attachment_ids' AS attachments FROM post p ORDER BY p.id`,
  );
  const known = rows.filter((r) => r.attachments !== null && r.attachments !== undefined);
  return {
    rows: JSON.stringify(rows.map((r) => r.row)),
    emptyAttachments: known.length === 0 ? null : known.length === rows.length && known.every((r) => r.attachments!.length === 0),
  };
}

/** Posts written before event sourcing get a stream that projects exactly to their row. */
describe('event_sourcing migration of existing posts', () => {
  let dirs: TempDir[];
  let db: Database;
  let prisma: PrismaClient;

  beforeAll(async () => {
    dirs = [await migrationsUpTo([INIT!]), await migrationsUpTo(BEFORE_OWN_FORMAT)];
    db = await openDatabase({ memory: true });
    await db.migrate(dirs[0]!.path);
    prisma = new PrismaClient({ adapter: db.adapter });
    await prisma.$executeRawUnsafe(`
      INSERT INTO post (id, author_id, body, visibility, circle_ids, version, created_at, edited_at, deleted_at) VALUES
        ('${A}', '${ALICE}', 'plain', 'PUBLIC', '{}', 1, '2026-01-01T00:00:00.123Z', NULL, NULL),
        ('${B}', '${ALICE}', 'edited thrice', 'CIRCLE', '{${CIRCLE}}', 4, '2026-01-02T00:00:00Z', '2026-01-03T00:00:00.5Z', NULL),
        ('${C}', '${ALICE}', 'gone', 'FOLLOWERS', '{}', 2, '2026-01-04T00:00:00Z', NULL, '2026-01-05T00:00:00Z'),
        ('${D}', '${ALICE}', 'edited then gone', 'PUBLIC', '{}', 5, '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z', '2026-01-08T00:00:00Z')`);
    await db.migrate(dirs[1]!.path);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    for (const dir of dirs ?? []) await dir.remove();
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
      postId: B,
      authorId: ALICE,
      body: 'edited thrice',
      visibility: 'CIRCLE',
      circleIds: [CIRCLE],
      publishedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(events[2]!.payload).toMatchObject({ editedAt: '2026-01-03T00:00:00.500Z', version: 2 });
    const versions = await prisma.post.findMany({ orderBy: { id: 'asc' }, select: { version: true } });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 2, 3]);
    // Nothing re-published: these events predate the outbox's role.
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it("the migrated streams, converted to posts' own events, rebuild the same table, and commands continue from them", async () => {
    const before = await oldColumns(prisma);
    expect(before.emptyAttachments).toBeNull();
    await db.migrate(MIGRATIONS);
    const events = await prisma.postEvent.findMany({ orderBy: [{ postId: 'asc' }, { version: 'asc' }] });
    expect(events.map((e) => e.type)).toEqual([
      'PostPublished',
      'PostPublished',
      'PostEdited',
      'PostPublished',
      'PostDeleted',
      'PostPublished',
      'PostEdited',
      'PostDeleted',
    ]);
    expect(events[1]!.payload).toEqual({
      authorId: ALICE,
      body: 'edited thrice',
      visibility: 'CIRCLE',
      circleIds: [CIRCLE],
      commentsDisabled: false,
      // media_attachments: a publish from before attachments had none.
      attachmentIds: [],
    });
    await rebuildReadModel(prisma);
    expect(await oldColumns(prisma)).toEqual({ rows: before.rows, emptyAttachments: true });

    const unitOfWork = createUnitOfWork(prisma, { scope: postsScope });
    const load = (id: string) => unitOfWork.run((scope) => scope.posts.load(id));
    const post = await load(B);
    expect(post?.snapshot).toMatchObject({ body: 'edited thrice', version: 2, circleIds: [CIRCLE] });
    const commands = createCommandPipeline({
      context: 'POSTS',
      unitOfWork,
      clock: { now: () => new Date('2026-02-01T00:00:00Z') },
      ids: new SequentialIds(),
    });
    await commands.execute(editPost, {
      input: { id: B, body: 'after migration', expectedVersion: 2 },
      viewer: { userId: ALICE, username: 'alice' },
      requestId: 'test',
    });
    expect(await prisma.post.findUniqueOrThrow({ where: { id: B } })).toMatchObject({ body: 'after migration', version: 3 });
    expect(await load(C)).toBeNull();
  });
});

const E = '01900000-0000-7000-8000-00000000000e';
const F = '01900000-0000-7000-8000-00000000000f';
const CIRCLE_2 = '01900000-0000-7000-8000-0000000c1c02';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 0, minute));

/**
 * Streams written by the previous version held the published contracts (`posts.post.*.v1` and
 * their payloads); the stored_events_own_format migration turns every row into the domain event
 * it was recorded from, and they replay to the same posts.
 */
describe('stored_events_own_format migration of streams that stored the published contracts', () => {
  let dir: TempDir;
  let db: Database;
  let prisma: PrismaClient;
  /** The domain events as the commands recorded them, per post. */
  const histories = new Map<string, PostEvent[]>();

  /** What the previous version appended for `events`: the contract's type and payload, under the envelope's id. */
  async function appendAsContracts(events: PostEvent[], alter: (payload: Record<string, unknown>, event: PostEvent) => void = () => {}) {
    for (const event of events) {
      const envelope = toEnvelope(
        { eventId: `01900000-0000-7000-a000-${event.postId.slice(-4)}0000000${event.version}`, event },
        { correlationId: 'old', causationId: null, actorId: event.authorId },
      );
      const payload = { ...(envelope.payload as Record<string, unknown>) };
      // The previous version published no attachments.
      delete payload.attachmentIds;
      alter(payload, event);
      await prisma.postEvent.create({
        data: {
          postId: event.postId,
          version: event.version,
          type: envelope.type,
          payload: payload as never,
          eventId: envelope.id,
          occurredAt: event.at,
        },
      });
    }
    await insertOldRow(foldPostEvents(events)!);
  }

  /** The read-table row as the previous version wrote it: without attachment_ids, which did not exist yet. */
  async function insertOldRow(state: PostSnapshot) {
    const row = toPostRow(state);
    await prisma.$executeRaw`
      INSERT INTO post (id, author_id, body, visibility, circle_ids, comments_disabled, version, created_at, edited_at, deleted_at)
      VALUES (${row.id}::uuid, ${row.authorId}::uuid, ${row.body}, ${row.visibility}::visibility, ${uuidArray(state.circleIds)},
        ${row.commentsDisabled}, ${row.version}, ${row.createdAt}::timestamptz, ${row.editedAt ?? null}::timestamptz, ${row.deletedAt ?? null}::timestamptz)`;
  }

  beforeAll(async () => {
    dir = await migrationsUpTo(BEFORE_OWN_FORMAT);
    db = await openDatabase({ memory: true });
    await db.migrate(dir.path);
    prisma = new PrismaClient({ adapter: db.adapter });

    // Every event type, circles in and out, comments off and on, deleted at the end.
    const e = Post.publish({ id: E, authorId: ALICE, body: 'first', visibility: 'CIRCLE', circleIds: [CIRCLE, CIRCLE_2], at: at(0) });
    e.edit(ALICE, 'second', at(1));
    e.setCommentsDisabled(ALICE, true, at(2));
    e.changeVisibility(ALICE, { visibility: 'FOLLOWERS' }, at(3));
    e.changeVisibility(ALICE, { visibility: 'CIRCLE', circleIds: [CIRCLE_2] }, at(4));
    e.setCommentsDisabled(ALICE, false, at(5));
    e.edit(ALICE, 'third', at(6));
    e.delete(ALICE, at(7));
    histories.set(E, [...e.events]);
    // Ids as a payload could spell them before the contracts parsed ids to lower case.
    await appendAsContracts(histories.get(E)!, (payload) => {
      payload.authorId = String(payload.authorId).toUpperCase();
      if (Array.isArray(payload.circleIds)) payload.circleIds = payload.circleIds.map((id) => String(id).toUpperCase());
    });

    // A publish from before the comment setting existed: no commentsDisabled in its payload.
    const f = Post.publish({ id: F, authorId: ALICE, body: 'older', visibility: 'PUBLIC', at: at(8) });
    f.edit(ALICE, 'older, edited', at(9));
    histories.set(F, [...f.events]);
    await appendAsContracts(histories.get(F)!, (payload, event) => {
      if (event.type === 'PostPublished') delete payload.commentsDisabled;
    });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.close();
    await dir?.remove();
  });

  it('turns every row into the event it was recorded from (same event ids, ids canonical), so the streams replay to the same posts', async () => {
    const stream = () => prisma.postEvent.findMany({ orderBy: [{ postId: 'asc' }, { version: 'asc' }] });
    const before = await stream();
    expect(new Set(before.map((row) => row.type))).toEqual(
      new Set([
        'posts.post.published.v1',
        'posts.post.edited.v1',
        'posts.post.visibility-changed.v1',
        'posts.post.comments-toggled.v1',
        'posts.post.deleted.v1',
      ]),
    );
    const table = await oldColumns(prisma);

    await db.migrate(MIGRATIONS);

    const after = await stream();
    expect(after.map((row) => [row.postId, row.version, row.eventId, row.occurredAt])).toEqual(
      before.map((row) => [row.postId, row.version, row.eventId, row.occurredAt]),
    );
    expect(after.filter((row) => row.postId === E).map((row) => row.type)).toEqual([
      'PostPublished',
      'PostEdited',
      'PostCommentsToggled',
      'PostVisibilityChanged',
      'PostVisibilityChanged',
      'PostCommentsToggled',
      'PostEdited',
      'PostDeleted',
    ]);
    expect(after[0]!.payload).toEqual({
      authorId: ALICE,
      body: 'first',
      visibility: 'CIRCLE',
      circleIds: [CIRCLE, CIRCLE_2],
      commentsDisabled: false,
      attachmentIds: [],
    });
    const replayed = (postId: string) => after.filter((row) => row.postId === postId).map(fromStoredEvent);
    expect(replayed(E)).toEqual(histories.get(E));
    // The publish from before the setting reads as comments on, as it did.
    expect(replayed(F)).toEqual(histories.get(F));
    expect(replayed(F)[0]).toMatchObject({ type: 'PostPublished', commentsDisabled: false });

    expect(await rebuildReadModel(prisma)).toBe(2);
    expect(await oldColumns(prisma)).toEqual({ rows: table.rows, emptyAttachments: true });
    expect(foldPostEvents(replayed(E))).toMatchObject({
      body: 'third',
      visibility: 'CIRCLE',
      circleIds: [CIRCLE_2],
      commentsDisabled: false,
      version: 8,
      deletedAt: at(7),
    });
    // A conversion, not a publication: nothing goes to the outbox.
    expect(await prisma.outboxEvent.count()).toBe(0);
  });
});

describe('stored_events_own_format migration of a row it cannot convert', () => {
  it('refuses to run, naming the row, and leaves the stream as it was', async () => {
    const dir = await migrationsUpTo(BEFORE_OWN_FORMAT);
    const db = await openDatabase({ memory: true });
    const prisma = new PrismaClient({ adapter: db.adapter });
    try {
      await db.migrate(dir.path);
      await prisma.$executeRawUnsafe(`
        INSERT INTO post_event (post_id, version, type, payload, event_id, occurred_at) VALUES
          ('${A}', 1, 'posts.post.published.v1', '{"postId": "${A}", "authorId": "${ALICE}", "body": "ok", "visibility": "PUBLIC", "circleIds": [], "publishedAt": "2026-01-01T00:00:00.000Z"}', '01900000-0000-7000-a000-000000000001', '2026-01-01T00:00:00Z'),
          ('${A}', 2, 'posts.post.liked.v1', '{}', '01900000-0000-7000-a000-000000000002', '2026-01-01T00:01:00Z')`);
      await expect(db.migrate(MIGRATIONS)).rejects.toThrow(new RegExp(`post_event ${A}@2 \\(posts\\.post\\.liked\\.v1\\)`));
      const rows = await prisma.postEvent.findMany({ orderBy: { version: 'asc' } });
      expect(rows.map((row) => row.type)).toEqual(['posts.post.published.v1', 'posts.post.liked.v1']);
    } finally {
      await prisma.$disconnect();
      await db.close();
      await dir.remove();
    }
  });
});

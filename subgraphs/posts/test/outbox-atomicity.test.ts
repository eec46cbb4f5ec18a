import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type PostsHarness } from './support/posts-harness';
import { CREATE_POST, EDIT_POST, POST } from './support/operations';

/**
 * The state change and its outbox row commit together or not at all: when the outbox insert
 * fails (a trigger refuses it), the post row is not written either, and the client sees a masked
 * error.
 */
describe('one transaction per command', () => {
  let h: PostsHarness;
  const alice = { userId: randomUUID(), username: 'alice' };

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function refuseOutboxInserts(refuse: boolean) {
    if (refuse) {
      await h.app.prisma.$executeRawUnsafe(
        `CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused (test)'; END $$`,
      );
      await h.app.prisma.$executeRawUnsafe(
        `CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`,
      );
    } else {
      await h.app.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_outbox ON outbox`);
      await h.app.prisma.$executeRawUnsafe(`DROP FUNCTION refuse_outbox()`);
    }
  }

  it('keeps neither the post nor its event when the outbox write fails', async () => {
    const existing = await h.request(CREATE_POST, { input: { body: 'before' } }, alice);
    const postId: string = existing.data!.createPost.id;
    const postsBefore = await h.app.prisma.post.count();
    const outboxBefore = await h.outboxRows();

    await refuseOutboxInserts(true);
    try {
      const created = await h.request(CREATE_POST, { input: { body: 'never stored' } }, alice);
      expect(created.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(created.errors)).not.toContain('outbox refused');
      const edited = await h.request(EDIT_POST, { input: { id: postId, body: 'never stored' } }, alice);
      expect(edited.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    } finally {
      await refuseOutboxInserts(false);
    }

    expect(await h.app.prisma.post.count()).toBe(postsBefore);
    expect(await h.outboxRows()).toBe(outboxBefore);
    const after = await h.request(POST, { id: postId });
    expect(after.data!.post).toMatchObject({ body: 'before', version: 1 });

    // And with the outbox writable again, the same command goes through.
    const retried = await h.request(EDIT_POST, { input: { id: postId, body: 'after', expectedVersion: 1 } }, alice);
    expect(retried.data!.editPost).toMatchObject({ body: 'after', version: 2 });
    expect(await h.outboxRows()).toBe(outboxBefore + 1);
  });
});

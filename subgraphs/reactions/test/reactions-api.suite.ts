import { newEventId, type EventEnvelope } from '@agora/events';
import type { Visibility } from '@agora/audience';
import type { Viewer } from '@agora/service-kit';
import type { GraphQLResponse } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commentAdded,
  commentDeleted,
  contentRemoved,
  contentRestored,
  postDeleted,
  postPublished,
  postVisibilityChanged,
  socialEvent,
  type CommentSpec,
  type PostSpec,
} from './support/events';
import { REACT, SUBJECTS, UNREACT, commentRefs, postRefs } from './support/operations';
import { aUser, type Harness } from './support/reactions-harness';

interface SubjectData {
  id: string;
  reactions: { kind: string; count: number }[];
  viewerReaction: string | null;
}

/**
 * The reactions API over real HTTP (signed identity headers, as the gateway sends them) against
 * startReactions in-process, with real NATS carrying posts', comments' and social's events and the
 * database `open` provides. Run by one file per backend (PGlite, Postgres) so both execute the
 * same SQL.
 */
export function describeReactionsApi(backend: string, open: () => Promise<{ harness: Harness; close(): Promise<void> }>) {
  describe(`reactions subgraph on ${backend}`, () => {
    let h: Harness;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ harness: h, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    async function ok<D = any>(query: string, variables: Record<string, unknown>, viewer?: Viewer | null): Promise<D> {
      const response = await h.request<D>(query, variables, viewer);
      expect(response.errors).toBeUndefined();
      return response.data!;
    }
    async function failure(query: string, variables: Record<string, unknown>, viewer?: Viewer | null) {
      const response: GraphQLResponse = await h.request(query, variables, viewer);
      expect(response.data ?? null, 'a failed mutation returns no data').toBeNull();
      expect(response.errors).toHaveLength(1);
      return response.errors![0]!.extensions;
    }
    const react = async (viewer: Viewer, subjectId: string, kind: string) =>
      (await ok<{ react: boolean }>(REACT, { input: { subjectId, kind } }, viewer)).react;
    const unreact = async (viewer: Viewer, subjectId: string) =>
      (await ok<{ unreact: boolean }>(UNREACT, { input: { subjectId } }, viewer)).unreact;
    const notFound = async (viewer: Viewer, subjectId: string) =>
      expect(await failure(REACT, { input: { subjectId, kind: 'LIKE' } }, viewer)).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'REACTIONS.SUBJECT_NOT_FOUND',
        field: 'subjectId',
      });
    async function posts(ids: string[], viewer?: Viewer | null): Promise<SubjectData[]> {
      return (await ok<{ _entities: SubjectData[] }>(SUBJECTS, { representations: postRefs(ids) }, viewer))._entities;
    }
    async function comments(ids: string[], viewer?: Viewer | null): Promise<SubjectData[]> {
      return (await ok<{ _entities: SubjectData[] }>(SUBJECTS, { representations: commentRefs(ids) }, viewer))._entities;
    }
    const postOf = async (id: string, viewer?: Viewer | null) => (await posts([id], viewer))[0]!;
    const commentOf = async (id: string, viewer?: Viewer | null) => (await comments([id], viewer))[0]!;

    /** A post posts has published (its event delivered and processed). */
    async function publish(author: Viewer, visibility: Visibility = 'PUBLIC', circleIds: string[] = []): Promise<PostSpec> {
      const spec: PostSpec = { postId: newEventId(), authorId: author.userId, visibility, circleIds };
      await h.deliver(postPublished(spec));
      return spec;
    }
    function aComment(post: PostSpec, author: Viewer, parent?: CommentSpec): CommentSpec {
      return {
        commentId: newEventId(),
        postId: post.postId,
        postAuthorId: post.authorId,
        authorId: author.userId,
        parentId: parent?.commentId ?? null,
        parentAuthorId: parent?.authorId ?? null,
      };
    }
    async function addComment(post: PostSpec, author: Viewer, parent?: CommentSpec): Promise<CommentSpec> {
      const spec = aComment(post, author, parent);
      await h.deliver(commentAdded(spec));
      return spec;
    }
    const block = (blocker: Viewer, blocked: Viewer, version = 1, active = true) =>
      h.deliver(socialEvent({ kind: 'block', blockerId: blocker.userId, blockedId: blocked.userId, version, active }));
    const eventsAbout = async (subjectId: string, user?: Viewer) =>
      (await h.reactionEvents()).filter(
        (event) => event.payload.subjectId === subjectId && (!user || event.payload.userId === user.userId),
      );
    const reactionRows = (where: { postId?: string; subjectId?: string }) => h.app.prisma.reaction.count({ where });

    it("hides a removed post's and comment's reactions from everyone, refuses new ones, and a restoration brings the totals back exactly", async () => {
      const [author, reader, other] = [aUser(), aUser(), aUser()];
      const moderator: Viewer = { ...aUser(), role: 'MODERATOR' };
      const post = await publish(author);
      const comment = await addComment(post, author);
      for (const [who, kind] of [
        [reader, 'LIKE'],
        [other, 'LOVE'],
      ] as const) {
        await react(who, post.postId, kind);
        await react(who, comment.commentId, kind);
      }
      const beforePost = await postOf(post.postId, reader);
      const beforeComment = await commentOf(comment.commentId, reader);
      expect(beforePost.reactions).toEqual([
        { kind: 'LIKE', count: 1 },
        { kind: 'LOVE', count: 1 },
      ]);

      const t = Date.now();
      const removal = contentRemoved({ postId: post.postId, authorId: author.userId }, new Date(t));
      await h.deliver(removal);
      await h.redeliver(removal, 'HideReactionsOnContentRemoved', 'MODERATION');
      for (const viewer of [reader, author, moderator, null]) {
        expect(await postOf(post.postId, viewer)).toEqual({ id: post.postId, reactions: [], viewerReaction: null });
        // The post's comments go with it.
        expect(await commentOf(comment.commentId, viewer)).toEqual({ id: comment.commentId, reactions: [], viewerReaction: null });
      }
      await notFound(other, post.postId);
      await notFound(other, comment.commentId);

      await h.deliver(contentRestored({ postId: post.postId, authorId: author.userId }, new Date(t + 1000)));
      expect(await postOf(post.postId, reader)).toEqual(beforePost);
      expect(await commentOf(comment.commentId, reader)).toEqual(beforeComment);

      // Only the comment removed (a new event): the post's reactions stay.
      await h.deliver(contentRemoved({ postId: post.postId, authorId: author.userId, commentId: comment.commentId }, new Date(t + 2000)));
      expect((await commentOf(comment.commentId, reader)).reactions).toEqual([]);
      expect(await postOf(post.postId, reader)).toEqual(beforePost);
      await notFound(reader, comment.commentId);
      // Removed again after the restoration, by a new event on the post.
      await h.deliver(contentRemoved({ postId: post.postId, authorId: author.userId }, new Date(t + 3000)));
      expect((await postOf(post.postId, reader)).reactions).toEqual([]);
      expect(await reactionRows({ postId: post.postId })).toBe(4);
    });

    it('reacts, replaces the kind, ignores the same kind and withdraws, publishing one versioned event per change', async () => {
      const [alice, bob] = [aUser(), aUser()];
      const post = await publish(alice);

      expect(await react(bob, post.postId, 'LIKE')).toBe(true);
      expect(await react(bob, post.postId, 'LOVE')).toBe(true);
      expect(await react(bob, post.postId, 'LOVE')).toBe(true);
      expect(await unreact(bob, post.postId)).toBe(true);
      expect(await unreact(bob, post.postId)).toBe(false);
      expect(await react(bob, post.postId.toUpperCase(), 'LAUGH')).toBe(true);

      const events = await eventsAbout(post.postId, bob);
      expect(events.map((event) => [event.type, event.payload.kind ?? null, event.payload.previousKind, event.payload.version])).toEqual([
        ['reactions.reaction.set.v1', 'LIKE', null, 1],
        ['reactions.reaction.set.v1', 'LOVE', 'LIKE', 2],
        ['reactions.reaction.removed.v1', null, 'LOVE', 3],
        ['reactions.reaction.set.v1', 'LAUGH', null, 4],
      ]);
      expect(events[0]).toMatchObject({
        aggregateId: post.postId,
        aggregateVersion: 1,
        actorId: bob.userId,
        payload: { subjectId: post.postId, subjectType: 'POST', subjectAuthorId: alice.userId, postId: post.postId, userId: bob.userId },
      });
      expect(await postOf(post.postId, bob)).toEqual({
        id: post.postId,
        reactions: [{ kind: 'LAUGH', count: 1 }],
        viewerReaction: 'LAUGH',
      });
    });

    it('keeps one reaction per user when the same user reacts concurrently', async () => {
      const [alice, bob] = [aUser(), aUser()];
      const post = await publish(alice);
      const kinds = ['LIKE', 'LOVE', 'LAUGH', 'WOW', 'SAD', 'ANGRY'];
      expect(await Promise.all(kinds.map((kind) => react(bob, post.postId, kind)))).toEqual(kinds.map(() => true));

      const events = await eventsAbout(post.postId, bob);
      expect(events.map((event) => event.payload.version)).toEqual([1, 2, 3, 4, 5, 6]);
      const last = events.at(-1)!.payload.kind;
      expect(await postOf(post.postId, bob)).toMatchObject({ reactions: [{ kind: last, count: 1 }], viewerReaction: last });
    });

    it('totals per kind in ReactionKind order without zero counts; the viewer sees their own reaction', async () => {
      const alice = aUser();
      const users = Array.from({ length: 5 }, aUser);
      const post = await publish(alice);
      for (const [user, kind] of [
        [users[0]!, 'ANGRY'],
        [users[1]!, 'LIKE'],
        [users[2]!, 'LIKE'],
        [users[3]!, 'WOW'],
        [users[4]!, 'LIKE'],
      ] as const) {
        await react(user, post.postId, kind);
      }
      await unreact(users[4]!, post.postId);

      const totals = [
        { kind: 'LIKE', count: 2 },
        { kind: 'WOW', count: 1 },
        { kind: 'ANGRY', count: 1 },
      ];
      expect(await postOf(post.postId)).toEqual({ id: post.postId, reactions: totals, viewerReaction: null });
      expect(await postOf(post.postId, users[0])).toEqual({ id: post.postId, reactions: totals, viewerReaction: 'ANGRY' });
      expect(await postOf(post.postId, users[4])).toMatchObject({ viewerReaction: null });
      // Unknown ids and ids that cannot exist resolve to nothing, not to an error.
      expect(await posts([newEventId(), 'not-a-uuid'], alice)).toEqual([
        { id: expect.any(String), reactions: [], viewerReaction: null },
        { id: 'not-a-uuid', reactions: [], viewerReaction: null },
      ]);
    });

    it('refuses a subjectId that is not an id, an unknown kind and a missing viewer, writing nothing', async () => {
      const [alice, bob] = [aUser(), aUser()];
      const post = await publish(alice);
      const outboxBefore = await h.outboxRows();

      expect(await failure(REACT, { input: { subjectId: 'not-an-id', kind: 'LIKE' } }, bob)).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'REACTIONS.INVALID_INPUT',
        field: 'subjectId',
      });
      expect(await failure(UNREACT, { input: { subjectId: '' } }, bob)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subjectId' });
      const badKind = await h.request(REACT, { input: { subjectId: post.postId, kind: 'MEH' } }, bob);
      expect(badKind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await failure(REACT, { input: { subjectId: post.postId, kind: 'LIKE' } })).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await failure(UNREACT, { input: { subjectId: post.postId } })).toMatchObject({ code: 'UNAUTHENTICATED' });

      expect(await h.outboxRows()).toBe(outboxBefore);
      expect(await reactionRows({ subjectId: post.postId })).toBe(0);
    });

    it('answers NOT_FOUND for a missing, unpublished, deleted or invisible post and lets its audience react', async () => {
      const [alice, bob, carol, dave, erin] = [aUser(), aUser(), aUser(), aUser(), aUser()];
      const circle = newEventId();
      const followers = await publish(alice, 'FOLLOWERS');
      const circlePost = await publish(alice, 'CIRCLE', [circle]);
      const publicPost = await publish(alice);
      const deleted = await publish(alice);
      await h.deliver(postDeleted(deleted));
      // Only a later access state arrived: the publication is still on its way.
      const unpublished: PostSpec = { postId: newEventId(), authorId: alice.userId };
      await h.deliver(postVisibilityChanged({ ...unpublished, version: 2 }));
      await h.deliver(
        socialEvent({ kind: 'follow', followerId: bob.userId, followeeId: alice.userId, version: 1, active: true }),
        socialEvent({ kind: 'membership', circleId: circle, ownerId: alice.userId, memberId: carol.userId, version: 1, active: true }),
      );
      await block(alice, dave);
      await block(erin, alice);
      const outboxBefore = await h.outboxRows();

      for (const subjectId of [newEventId(), unpublished.postId, deleted.postId, followers.postId, circlePost.postId])
        await notFound(erin, subjectId);
      await notFound(carol, followers.postId);
      await notFound(bob, circlePost.postId);
      // A block either way: the blocked reader and the blocking reader.
      await notFound(dave, publicPost.postId);
      await notFound(erin, publicPost.postId);
      expect(await h.outboxRows()).toBe(outboxBefore);

      expect(await react(bob, followers.postId, 'LIKE')).toBe(true);
      expect(await react(carol, circlePost.postId, 'LOVE')).toBe(true);
      expect(await react(alice, circlePost.postId, 'WOW')).toBe(true);

      // Reads: nothing for those who may not see the post.
      expect(await postOf(followers.postId, bob)).toEqual({
        id: followers.postId,
        reactions: [{ kind: 'LIKE', count: 1 }],
        viewerReaction: 'LIKE',
      });
      for (const reader of [null, carol, dave])
        expect(await postOf(followers.postId, reader)).toEqual({ id: followers.postId, reactions: [], viewerReaction: null });
      expect(await postOf(circlePost.postId, alice)).toMatchObject({
        reactions: [
          { kind: 'LOVE', count: 1 },
          { kind: 'WOW', count: 1 },
        ],
      });

      // Bob unfollows: the post, his reaction included, is out of his sight.
      await h.deliver(socialEvent({ kind: 'follow', followerId: bob.userId, followeeId: alice.userId, version: 2, active: false }));
      expect(await postOf(followers.postId, bob)).toEqual({ id: followers.postId, reactions: [], viewerReaction: null });
      expect(await postOf(followers.postId, alice)).toMatchObject({ reactions: [{ kind: 'LIKE', count: 1 }] });
    });

    it("a block hides each side's reactions from the other", async () => {
      const [alice, bob, carol, dave] = [aUser(), aUser(), aUser(), aUser()];
      const post = await publish(alice);
      await react(bob, post.postId, 'LIKE');
      await react(carol, post.postId, 'LOVE');
      await react(dave, post.postId, 'WOW');
      await block(bob, carol);

      const all = [
        { kind: 'LIKE', count: 1 },
        { kind: 'LOVE', count: 1 },
        { kind: 'WOW', count: 1 },
      ];
      expect((await postOf(post.postId, bob)).reactions).toEqual([
        { kind: 'LIKE', count: 1 },
        { kind: 'WOW', count: 1 },
      ]);
      expect((await postOf(post.postId, carol)).reactions).toEqual([
        { kind: 'LOVE', count: 1 },
        { kind: 'WOW', count: 1 },
      ]);
      expect((await postOf(post.postId, dave)).reactions).toEqual(all);
      expect((await postOf(post.postId)).reactions).toEqual(all);

      await block(bob, carol, 2, false);
      expect((await postOf(post.postId, bob)).reactions).toEqual(all);
    });

    it('reacts to comments on visible posts, by users in no block with the viewer', async () => {
      const [alice, bob, carol, erin] = [aUser(), aUser(), aUser(), aUser()];
      const post = await publish(alice);
      const hidden = await publish(alice, 'FOLLOWERS');
      const byCarol = await addComment(post, carol);
      const byErin = await addComment(post, erin);
      const onHidden = await addComment(hidden, alice);
      await react(carol, byErin.commentId, 'SAD');
      await block(erin, bob);

      expect(await react(bob, byCarol.commentId, 'LOVE')).toBe(true);
      const [event] = await eventsAbout(byCarol.commentId, bob);
      expect(event).toMatchObject({
        type: 'reactions.reaction.set.v1',
        aggregateId: byCarol.commentId,
        payload: {
          subjectType: 'COMMENT',
          subjectAuthorId: carol.userId,
          postId: post.postId,
          kind: 'LOVE',
          previousKind: null,
          version: 1,
        },
      });
      await notFound(bob, byErin.commentId);
      await notFound(bob, onHidden.commentId);

      expect(await commentOf(byCarol.commentId, bob)).toEqual({
        id: byCarol.commentId,
        reactions: [{ kind: 'LOVE', count: 1 }],
        viewerReaction: 'LOVE',
      });
      // Erin's comment is out of bob's sight, with its reactions.
      expect(await commentOf(byErin.commentId, bob)).toEqual({ id: byErin.commentId, reactions: [], viewerReaction: null });
      expect(await commentOf(byErin.commentId, carol)).toMatchObject({ reactions: [{ kind: 'SAD', count: 1 }], viewerReaction: 'SAD' });
      expect(await commentOf(onHidden.commentId)).toEqual({ id: onHidden.commentId, reactions: [], viewerReaction: null });
      // A comment's reactions are not its post's, and a post id is not a comment.
      expect(await postOf(byCarol.commentId, bob)).toEqual({ id: byCarol.commentId, reactions: [], viewerReaction: null });
      expect(await commentOf(post.postId, bob)).toEqual({ id: post.postId, reactions: [], viewerReaction: null });
    });

    it("out of order: a comment before its post's publication, a reaction before its comment arrives", async () => {
      const [alice, bob, carol] = [aUser(), aUser(), aUser()];
      const post: PostSpec = { postId: newEventId(), authorId: alice.userId };
      const early = aComment(post, carol);
      await h.deliver(commentAdded(early));
      await notFound(bob, early.commentId);
      await h.deliver(postPublished(post));
      expect(await react(bob, early.commentId, 'WOW')).toBe(true);

      const late = aComment(post, carol);
      await notFound(bob, late.commentId);
      await h.deliver(commentAdded(late));
      expect(await react(bob, late.commentId, 'LIKE')).toBe(true);
      expect(await comments([early.commentId, late.commentId], bob)).toEqual([
        { id: early.commentId, reactions: [{ kind: 'WOW', count: 1 }], viewerReaction: 'WOW' },
        { id: late.commentId, reactions: [{ kind: 'LIKE', count: 1 }], viewerReaction: 'LIKE' },
      ]);
    });

    it("a comment's deletion removes its and its replies' reactions; a deletion before the addition wins", async () => {
      const [alice, bob, carol, dave] = [aUser(), aUser(), aUser(), aUser()];
      const post = await publish(alice);
      const top = await addComment(post, carol);
      const reply = await addComment(post, dave, top);
      const sibling = await addComment(post, dave);
      for (const subjectId of [post.postId, top.commentId, reply.commentId, sibling.commentId]) await react(bob, subjectId, 'LIKE');

      await h.deliver(commentDeleted(top, [reply.commentId], alice.userId));
      expect(await reactionRows({ subjectId: top.commentId })).toBe(0);
      expect(await reactionRows({ subjectId: reply.commentId })).toBe(0);
      expect(await comments([top.commentId, reply.commentId, sibling.commentId], bob)).toEqual([
        { id: top.commentId, reactions: [], viewerReaction: null },
        { id: reply.commentId, reactions: [], viewerReaction: null },
        { id: sibling.commentId, reactions: [{ kind: 'LIKE', count: 1 }], viewerReaction: 'LIKE' },
      ]);
      expect((await postOf(post.postId, bob)).reactions).toEqual([{ kind: 'LIKE', count: 1 }]);
      await notFound(bob, top.commentId);
      await notFound(bob, reply.commentId);
      expect(await unreact(bob, top.commentId)).toBe(false);

      const overtaken = aComment(post, carol);
      await h.deliver(commentDeleted(overtaken));
      await h.deliver(commentAdded(overtaken));
      await notFound(bob, overtaken.commentId);
    });

    it("a post's deletion removes the reactions on it and on its comments; a deletion before the publication wins", async () => {
      const [alice, bob, carol] = [aUser(), aUser(), aUser()];
      const post = await publish(alice);
      const other = await publish(alice);
      const comment = await addComment(post, carol);
      const elsewhere = await addComment(other, carol);
      for (const subjectId of [post.postId, comment.commentId, other.postId, elsewhere.commentId]) await react(bob, subjectId, 'LOVE');
      await react(carol, post.postId, 'LIKE');

      await h.deliver(postDeleted(post));
      expect(await reactionRows({ postId: post.postId })).toBe(0);
      expect(await reactionRows({ postId: other.postId })).toBe(2);
      expect(await postOf(post.postId, bob)).toEqual({ id: post.postId, reactions: [], viewerReaction: null });
      expect(await commentOf(comment.commentId, bob)).toEqual({ id: comment.commentId, reactions: [], viewerReaction: null });
      await notFound(bob, post.postId);
      await notFound(bob, comment.commentId);

      const overtaken: PostSpec = { postId: newEventId(), authorId: alice.userId };
      await h.deliver(postDeleted(overtaken));
      await h.deliver(postPublished(overtaken));
      await notFound(bob, overtaken.postId);
    });

    it('a redelivered event (new message id, as after a producer crash) has one effect', async () => {
      const [alice, bob, carol] = [aUser(), aUser(), aUser()];
      const post = await publish(alice);
      const comment = aComment(post, carol);
      const added = commentAdded(comment);
      const deleted = commentDeleted(comment);
      await h.deliver(added);
      await react(bob, comment.commentId, 'LIKE');
      await h.deliver(deleted);

      await h.redeliver(deleted, 'RemoveReactionsOnCommentDeleted', 'COMMENTS');
      await h.redeliver(added, 'RecordCommentOnCommentAdded', 'COMMENTS');
      const inbox = (event: EventEnvelope<any>) => h.app.prisma.inboxEvent.count({ where: { eventId: event.id } });
      expect(await inbox(added)).toBe(1);
      expect(await inbox(deleted)).toBe(1);
      await notFound(bob, comment.commentId);

      const gone = postDeleted(post);
      await h.deliver(gone);
      await h.redeliver(gone, 'RemoveReactionsOnPostDeleted', 'POSTS');
      expect(await inbox(gone)).toBe(1);
      await notFound(bob, post.postId);
      // Nothing of either deletion was published by reactions.
      expect((await eventsAbout(comment.commentId)).map((event) => event.type)).toEqual(['reactions.reaction.set.v1']);
    });
  });
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@agora/service-kit';
import { canView, type Visibility } from '../src/domain/post/visibility';
import { SocialReplica, type SocialChange } from '@agora/audience';
import {
  CHANGE_VISIBILITY,
  CREATE_POST,
  POST,
  POSTS,
  POST_ENTITIES,
  SET_COMMENTS_DISABLED,
  USER_POSTS,
  postRefs,
  userRefs,
} from './support/operations';
import type { OpenHarness } from './support/backends';
import type { PostsHarness } from './support/posts-harness';
import { socialEvent } from '@agora/audience/testing';

interface Created {
  id: string;
  authorId: string;
  visibility: Visibility;
  circleIds: string[];
}

let n = 0;
const aUser = (name: string): Viewer => ({ userId: randomUUID(), username: `${name}_${++n}` });

/**
 * FOLLOWERS / CIRCLE / block visibility from the local replica of social's facts, fed by social's
 * events over real NATS (published out of order on purpose), checked on EVERY read path against
 * the one domain rule `canView` evaluated with the same facts.
 */
export function describeVisibility(backend: string, open: OpenHarness) {
  describe(`visibility from the social replica on ${backend}`, () => {
    let h: PostsHarness;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ harness: h, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    const alice = aUser('alice'); // author
    const bob = aUser('bob'); // follows alice
    const carol = aUser('carol'); // in alice's circle 1
    const dave = aUser('dave'); // follows alice and is in circle 1, but alice blocked him
    const erin = aUser('erin'); // unfollowed alice (the removal arrived before the follow)
    const frank = aUser('frank'); // was in circle 2, which alice deleted; the add arrived late
    const grace = aUser('grace'); // blocked alice (the other direction); follows her
    const circle1 = randomUUID();
    const circle2 = randomUUID();
    const otherCircle = randomUUID(); // carol is in it, but it is grace's circle, not alice's

    const changes: SocialChange[] = [
      { kind: 'follow', followerId: bob.userId, followeeId: alice.userId, version: 1, active: true },
      { kind: 'membership', circleId: circle1, ownerId: alice.userId, memberId: carol.userId, version: 1, active: true },
      { kind: 'membership', circleId: otherCircle, ownerId: grace.userId, memberId: bob.userId, version: 1, active: true },
      { kind: 'follow', followerId: dave.userId, followeeId: alice.userId, version: 1, active: true },
      { kind: 'membership', circleId: circle1, ownerId: alice.userId, memberId: dave.userId, version: 1, active: true },
      { kind: 'block', blockerId: alice.userId, blockedId: dave.userId, version: 1, active: true },
      // Out of order: the unfollow (version 2) is delivered before the follow (version 1).
      { kind: 'follow', followerId: erin.userId, followeeId: alice.userId, version: 2, active: false },
      { kind: 'follow', followerId: erin.userId, followeeId: alice.userId, version: 1, active: true },
      // A deleted circle is terminal: the late membership event is ignored.
      { kind: 'circle-deleted', circleId: circle2, ownerId: alice.userId },
      { kind: 'membership', circleId: circle2, ownerId: alice.userId, memberId: frank.userId, version: 1, active: true },
      { kind: 'follow', followerId: grace.userId, followeeId: alice.userId, version: 1, active: true },
      { kind: 'block', blockerId: grace.userId, blockedId: alice.userId, version: 1, active: true },
    ];
    const replica = new SocialReplica();
    for (const change of changes) replica.apply(change);

    const readers: (Viewer | undefined)[] = [undefined, alice, bob, carol, dave, erin, frank, grace];
    const name = (reader: Viewer | undefined) => reader?.username ?? 'anonymous';

    /** Publishes the social facts above over NATS once (out of order on purpose) and waits until all are consumed. */
    let factsPublished: Promise<void> | undefined;
    const ensureFacts = () =>
      (factsPublished ??= (async () => {
        const inboxBefore = await h.app.prisma.inboxEvent.count();
        for (const change of changes) await h.publish(socialEvent(change));
        await h.consumed(inboxBefore + changes.length);
      })());

    async function create(viewer: Viewer, input: Record<string, unknown>): Promise<Created> {
      const res = await h.request(CREATE_POST, { input }, viewer);
      expect(res.errors).toBeUndefined();
      const post = res.data!.createPost;
      return { id: post.id, authorId: viewer.userId, visibility: post.visibility, circleIds: (input.circleIds as string[]) ?? [] };
    }

    it('every read path agrees with canView over the replicated facts', async () => {
      const posts = [
        await create(alice, { body: 'public', visibility: 'PUBLIC' }),
        await create(alice, { body: 'followers', visibility: 'FOLLOWERS' }),
        await create(alice, { body: 'circle 1', visibility: 'CIRCLE', circleIds: [circle1] }),
        await create(alice, { body: 'circle 2 (deleted)', visibility: 'CIRCLE', circleIds: [circle2] }),
        // grace's circle id on alice's post does not let grace's members in.
        await create(alice, { body: 'foreign circle', visibility: 'CIRCLE', circleIds: [otherCircle] }),
        await create(dave, { body: 'dave public', visibility: 'PUBLIC' }),
        await create(grace, { body: 'grace public', visibility: 'PUBLIC' }),
      ];
      await ensureFacts();

      const authors = [alice.userId, dave.userId, grace.userId];
      for (const reader of readers) {
        const who = reader ? { userId: reader.userId } : null;
        const expected = posts.filter((p) => canView(p, who, replica)).map((p) => p.id);

        const single: string[] = [];
        for (const post of posts) {
          const res = await h.request(POST, { id: post.id }, reader);
          if (res.data!.post) single.push(res.data!.post.id);
        }
        expect(single, `post(id) for ${name(reader)}`).toEqual(expected);

        const entities = await h.request(POST_ENTITIES, { representations: postRefs(posts.map((p) => p.id)) }, reader);
        expect(
          entities.data!._entities.filter(Boolean).map((p: { id: string }) => p.id),
          `_entities for ${name(reader)}`,
        ).toEqual(expected);

        const lists = await h.request(USER_POSTS, { representations: userRefs(authors), first: 100 }, reader);
        const listed = lists.data!._entities.flatMap((u: { posts: { edges: { node: { id: string } }[] } }) =>
          u.posts.edges.map((e) => e.node.id),
        );
        expect([...listed].sort(), `User.posts for ${name(reader)}`).toEqual([...expected].sort());

        const feed = await h.request(POSTS, { first: 100 }, reader);
        const feedIds = new Set(feed.data!.posts.edges.map((e: { node: { id: string } }) => e.node.id));
        expect(
          posts.filter((p) => feedIds.has(p.id)).map((p) => p.id),
          `posts feed for ${name(reader)}`,
        ).toEqual(posts.filter((p) => p.visibility === 'PUBLIC' && canView(p, who, replica)).map((p) => p.id));
      }

      // The facts the rule was fed, spelled out: what each reader sees of alice's posts.
      const [pub, followers, circle, deletedCircle, foreign, davePost, gracePost] = posts.map((p) => p.id);
      const seenBy = async (reader?: Viewer) =>
        (await h.request(POST_ENTITIES, { representations: postRefs(posts.map((p) => p.id)) }, reader))
          .data!._entities.filter(Boolean)
          .map((p: { id: string }) => p.id);
      expect(await seenBy(alice)).toEqual([pub, followers, circle, deletedCircle, foreign]); // not dave's nor grace's: blocks hide both ways
      expect(await seenBy(bob)).toEqual([pub, followers, davePost, gracePost]);
      expect(await seenBy(carol)).toEqual([pub, circle, davePost, gracePost]);
      expect(await seenBy(dave)).toEqual([davePost, gracePost]);
      expect(await seenBy(erin)).toEqual([pub, davePost, gracePost]);
      expect(await seenBy(frank)).toEqual([pub, davePost, gracePost]);
      expect(await seenBy(grace)).toEqual([davePost, gracePost]);
      expect(await seenBy(undefined)).toEqual([pub, davePost, gracePost]);
    });

    it('after each audience change every read path agrees with canView; non-authors get FORBIDDEN when they can see the post, NOT_FOUND otherwise', async () => {
      await ensureFacts();
      const created = await create(alice, { body: 'wandering audience', visibility: 'PUBLIC' });
      const audiences: { visibility: Visibility; circleIds: string[] }[] = [
        { visibility: 'FOLLOWERS', circleIds: [] },
        { visibility: 'CIRCLE', circleIds: [circle1] },
        { visibility: 'CIRCLE', circleIds: [circle2, otherCircle] },
        { visibility: 'PUBLIC', circleIds: [] },
      ];
      let version = 1;
      for (const audience of audiences) {
        const res = await h.request(CHANGE_VISIBILITY, { input: { id: created.id, ...audience, expectedVersion: version } }, alice);
        expect(res.errors).toBeUndefined();
        expect(res.data!.changePostVisibility).toMatchObject({ visibility: audience.visibility, version: ++version });
        const post = { ...created, ...audience };
        const label = `${audience.visibility} ${audience.circleIds.length}`;

        for (const reader of readers) {
          const who = reader ? { userId: reader.userId } : null;
          const visible = canView(post, who, replica);
          const single = (await h.request(POST, { id: post.id }, reader)).data!.post;
          expect(single?.id ?? null, `post(id) for ${name(reader)} after ${label}`).toBe(visible ? post.id : null);
          const entity = (await h.request(POST_ENTITIES, { representations: postRefs([post.id]) }, reader)).data!._entities[0];
          expect(entity?.id ?? null, `_entities for ${name(reader)} after ${label}`).toBe(visible ? post.id : null);
          const list = (await h.request(USER_POSTS, { representations: userRefs([alice.userId]), first: 100 }, reader)).data!._entities[0];
          const listed = list.posts.edges.some((e: { node: { id: string } }) => e.node.id === post.id);
          expect(listed, `User.posts for ${name(reader)} after ${label}`).toBe(visible);
          const feed = (await h.request(POSTS, { first: 100 }, reader)).data!.posts;
          const inFeed = feed.edges.some((e: { node: { id: string } }) => e.node.id === post.id);
          expect(inFeed, `posts feed for ${name(reader)} after ${label}`).toBe(visible && audience.visibility === 'PUBLIC');

          if (!reader || reader === alice) continue;
          // Commands consult the same replica: refusing a reader of the post with FORBIDDEN, and
          // anyone else with NOT_FOUND (the post's existence is not disclosed).
          const expected = visible ? { code: 'FORBIDDEN', reason: 'POSTS.NOT_AUTHOR' } : { code: 'NOT_FOUND', reason: 'POSTS.NOT_FOUND' };
          const toggle = await h.request(SET_COMMENTS_DISABLED, { input: { id: post.id, disabled: true } }, reader);
          expect(toggle.errors?.[0]?.extensions, `setPostCommentsDisabled by ${name(reader)} after ${label}`).toMatchObject(expected);
          const change = await h.request(CHANGE_VISIBILITY, { input: { id: post.id, visibility: 'PUBLIC' } }, reader);
          expect(change.errors?.[0]?.extensions, `changePostVisibility by ${name(reader)} after ${label}`).toMatchObject(expected);
        }
      }
      // Spelled out for the FOLLOWERS step: bob (follower) was refused with FORBIDDEN, erin (unfollowed) with NOT_FOUND.
      expect(canView({ ...created, visibility: 'FOLLOWERS', circleIds: [] }, { userId: bob.userId }, replica)).toBe(true);
      expect(canView({ ...created, visibility: 'FOLLOWERS', circleIds: [] }, { userId: erin.userId }, replica)).toBe(false);
      expect(await h.app.prisma.post.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
        version: 5,
        commentsDisabled: false,
      });
    });

    it('changes apply as they arrive: a block hides, lifting it restores, an unfollow hides again', async () => {
      const henry = aUser('henry');
      const post = await create(alice, { body: 'for followers', visibility: 'FOLLOWERS' });
      const visible = async () => (await h.request(POST, { id: post.id }, henry)).data!.post !== null;
      let inbox = await h.app.prisma.inboxEvent.count();
      const apply = async (change: SocialChange) => {
        await h.publish(socialEvent(change));
        await h.consumed(++inbox);
      };

      expect(await visible()).toBe(false);
      await apply({ kind: 'follow', followerId: henry.userId, followeeId: alice.userId, version: 1, active: true });
      expect(await visible()).toBe(true);
      await apply({ kind: 'block', blockerId: henry.userId, blockedId: alice.userId, version: 1, active: true });
      expect(await visible()).toBe(false);
      await apply({ kind: 'block', blockerId: henry.userId, blockedId: alice.userId, version: 2, active: false });
      expect(await visible()).toBe(true);
      // A stale "created" (older version) does not resurrect a newer removal.
      await apply({ kind: 'follow', followerId: henry.userId, followeeId: alice.userId, version: 3, active: false });
      await apply({ kind: 'follow', followerId: henry.userId, followeeId: alice.userId, version: 2, active: true });
      expect(await visible()).toBe(false);
      expect(
        await h.app.prisma.socialFollow.findUnique({
          where: { followerId_followeeId: { followerId: henry.userId, followeeId: alice.userId } },
        }),
      ).toMatchObject({
        version: 3,
        active: false,
      });
    });
  });
}

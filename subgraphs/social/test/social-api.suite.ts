import { encodeCursor, type Viewer } from '@agora/service-kit';
import type { EventEnvelope } from '@agora/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_TO_CIRCLE,
  BLOCK,
  CIRCLES,
  CREATE_CIRCLE,
  DELETE_CIRCLE,
  FOLLOW,
  MY_CIRCLES,
  REMOVE_FROM_CIRCLE,
  RENAME_CIRCLE,
  UNBLOCK,
  UNFOLLOW,
  USER_LISTS,
  USERS,
  circleRefs,
  userRefs,
} from './support/operations';
import { aUser, startHarness, testConfig, type Harness } from './support/social-harness';
import { startOnBackend, TestClock, type Backend, type GraphQLResponse } from '@agora/testing';

interface UserData {
  id: string;
  followerCount: number;
  followingCount: number;
  viewerFollows: boolean;
  viewerBlocked: boolean;
}
interface CircleData {
  id: string;
  name: string;
  members: { edges: { node: { id: string } }[] };
}
interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage?: boolean; startCursor?: string | null; endCursor: string | null };
}

/**
 * The social API over real HTTP (signed identity headers, as the gateway sends them) against
 * startSocial in-process, with real NATS and the database `open` provides. Run by one file per
 * backend (PGlite, Postgres) so both execute the same SQL.
 */
export function describeSocialApi(title: string, backend: Backend) {
  const open = () =>
    startOnBackend(
      backend,
      'social',
      async ({ env, overrides }) => {
        const clock = new TestClock(new Date('2026-03-01T12:00:00.000Z'));
        return { clock, harness: await startHarness(testConfig(env), { ...overrides, clock }) };
      },
      ({ harness }) => harness.stop(),
    );
  describe(`social subgraph on ${title}`, () => {
    let h: Harness;
    let clock: TestClock;
    let close: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ harness: h, clock, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    /** Fresh users that identity has told social about. */
    async function users(count: number): Promise<Viewer[]> {
      const created = Array.from({ length: count }, aUser);
      await h.know(...created);
      return created;
    }
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
    const follow = (viewer: Viewer, user: Viewer) => ok<{ follow: UserData }>(FOLLOW, { input: { userId: user.userId } }, viewer);
    const block = (viewer: Viewer, user: Viewer) => ok<{ block: UserData }>(BLOCK, { input: { userId: user.userId } }, viewer);
    async function userData(ids: string[], viewer?: Viewer): Promise<UserData[]> {
      return (await ok<{ _entities: UserData[] }>(USERS, { representations: userRefs(ids) }, viewer))._entities;
    }
    async function lists(ids: string[], args: { first?: number; after?: string } = {}) {
      return (
        await ok<{ _entities: { id: string; followers: Page; following: Page }[] }>(USER_LISTS, { representations: userRefs(ids), ...args })
      )._entities;
    }
    async function createCircle(owner: Viewer, name: string): Promise<CircleData> {
      return (await ok<{ createCircle: CircleData }>(CREATE_CIRCLE, { input: { name } }, owner)).createCircle;
    }
    /** SOCIAL events about any of these ids (as follower/followee/blocker/blocked/owner/member). */
    async function eventsAbout(...ids: string[]): Promise<EventEnvelope<any>[]> {
      const wanted = new Set(ids);
      return (await h.socialEvents()).filter((event) =>
        Object.values(event.payload as Record<string, unknown>).some((value) => typeof value === 'string' && wanted.has(value)),
      );
    }
    const summary = (events: EventEnvelope<any>[]) => events.map((event) => [event.type, event.aggregateVersion]);
    const ids = (page: Page) => page.edges.map((edge) => edge.node.id);

    describe('follows', () => {
      it('follow returns the user as the viewer now sees them and publishes one event; a second follow publishes none', async () => {
        const [alice, bob] = await users(2);

        const first = await follow(alice!, bob!);
        const second = await follow(alice!, bob!);

        const expected = { id: bob!.userId, followerCount: 1, followingCount: 0, viewerFollows: true, viewerBlocked: false };
        expect(first.follow).toEqual(expected);
        expect(second.follow).toEqual(expected);
        const events = await eventsAbout(bob!.userId);
        expect(summary(events)).toEqual([['social.follow.created.v1', 1]]);
        expect(events[0]).toMatchObject({
          aggregateId: alice!.userId,
          actorId: alice!.userId,
          causationId: null,
          payload: { followerId: alice!.userId, followeeId: bob!.userId, version: 1, at: clock.now().toISOString() },
        });
        expect(await h.app.prisma.follow.count({ where: { followeeId: bob!.userId } })).toBe(1);
      });

      it('unfollow is idempotent too, and the pair keeps one growing version across changes', async () => {
        const [alice, bob] = await users(2);
        await follow(alice!, bob!);

        const unfollowed = await ok<{ unfollow: UserData }>(UNFOLLOW, { input: { userId: bob!.userId } }, alice);
        await ok(UNFOLLOW, { input: { userId: bob!.userId } }, alice);
        await follow(alice!, bob!);

        expect(unfollowed.unfollow).toMatchObject({ followerCount: 0, viewerFollows: false });
        expect(summary(await eventsAbout(bob!.userId))).toEqual([
          ['social.follow.created.v1', 1],
          ['social.follow.removed.v1', 2],
          ['social.follow.created.v1', 3],
        ]);
        expect(await h.app.prisma.follow.findMany({ where: { followeeId: bob!.userId } })).toEqual([
          expect.objectContaining({ state: 'ACTIVE', version: 3 }),
        ]);
      });

      it('counts and viewer flags of many users in one _entities request; false flags without a viewer', async () => {
        const [alice, bob, carol, dan] = await users(4);
        await follow(alice!, bob!);
        await follow(carol!, bob!);
        await follow(bob!, carol!);
        await block(alice!, dan!);

        const seenByAlice = await userData([bob!.userId, carol!.userId, dan!.userId, alice!.userId], alice);
        expect(seenByAlice).toEqual([
          { id: bob!.userId, followerCount: 2, followingCount: 1, viewerFollows: true, viewerBlocked: false },
          { id: carol!.userId, followerCount: 1, followingCount: 1, viewerFollows: false, viewerBlocked: false },
          { id: dan!.userId, followerCount: 0, followingCount: 0, viewerFollows: false, viewerBlocked: true },
          { id: alice!.userId, followerCount: 0, followingCount: 1, viewerFollows: false, viewerBlocked: false },
        ]);
        const anonymous = await userData([bob!.userId, dan!.userId]);
        expect(anonymous.map(({ viewerFollows, viewerBlocked }) => [viewerFollows, viewerBlocked])).toEqual([
          [false, false],
          [false, false],
        ]);
        // Ids the gateway may send in another case, or that cannot exist, still resolve.
        expect(await userData([bob!.userId.toUpperCase(), 'not-a-uuid'], alice)).toEqual([
          { id: bob!.userId.toUpperCase(), followerCount: 2, followingCount: 1, viewerFollows: true, viewerBlocked: false },
          { id: 'not-a-uuid', followerCount: 0, followingCount: 0, viewerFollows: false, viewerBlocked: false },
        ]);
      });

      it('pages followers and following newest first with keyset cursors, ties broken by id', async () => {
        const [star, ...fans] = await users(6);
        // fans 0 and 1 follow in the same millisecond; the rest one second apart.
        await follow(fans[0]!, star!);
        await follow(fans[1]!, star!);
        for (const fan of fans.slice(2)) {
          clock.advance();
          await follow(fan, star!);
        }
        await follow(star!, fans[0]!);
        const tied = [fans[0]!.userId, fans[1]!.userId].sort().reverse();
        const newestFirst = [
          ...fans
            .slice(2)
            .map((fan) => fan.userId)
            .reverse(),
          ...tied,
        ];

        const seen: string[] = [];
        let after: string | undefined;
        const pages: boolean[] = [];
        do {
          const [entity] = await lists([star!.userId], { first: 2, ...(after ? { after } : {}) });
          seen.push(...ids(entity!.followers));
          pages.push(entity!.followers.pageInfo.hasNextPage);
          expect(entity!.followers.pageInfo).toMatchObject({
            hasPreviousPage: after !== undefined,
            startCursor: entity!.followers.edges[0]!.cursor,
            endCursor: entity!.followers.edges.at(-1)!.cursor,
          });
          after = entity!.followers.pageInfo.endCursor ?? undefined;
          if (!entity!.followers.pageInfo.hasNextPage) break;
        } while (after);

        expect(seen).toEqual(newestFirst);
        expect(pages).toEqual([true, true, false]);
        const [both] = await lists([star!.userId]);
        expect(ids(both!.following)).toEqual([fans[0]!.userId]);
        const only = both!.following.edges[0]!.cursor;
        expect(both!.following.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: only, endCursor: only });
        const [fan] = await lists([fans[4]!.userId]);
        expect(fan!.followers).toEqual({
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        });
      });

      it('answers a user with no follows with empty lists and zero counts', async () => {
        const [loner] = await users(1);
        expect(await userData([loner!.userId], loner)).toEqual([
          { id: loner!.userId, followerCount: 0, followingCount: 0, viewerFollows: false, viewerBlocked: false },
        ]);
      });

      it.each([
        ['first: 0', { first: 0 }, 'first'],
        ['first: 101', { first: 101 }, 'first'],
        ['a malformed cursor', { after: 'not a cursor!' }, 'after'],
        ['a well-formed cursor of another shape', { after: encodeCursor(['x', 1]) }, 'after'],
      ])('rejects %s with BAD_USER_INPUT on that argument', async (_label, args, field) => {
        const [someone] = await users(1);
        const response = await h.request(USER_LISTS, { representations: userRefs([someone!.userId]), ...args });
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      });

      it.each([
        ['yourself', (me: Viewer) => me.userId, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.CANNOT_FOLLOW_SELF', field: 'userId' }],
        ['a malformed id', () => 'bob', { code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field: 'userId' }],
        ['an unknown user', () => aUser().userId, { code: 'NOT_FOUND', reason: 'SOCIAL.USER_NOT_FOUND', field: 'userId' }],
      ])('refuses to follow %s and writes nothing', async (_label, target, expected) => {
        const [me] = await users(1);
        expect(await failure(FOLLOW, { input: { userId: target(me!) } }, me)).toMatchObject(expected);
        expect(await h.app.prisma.follow.count({ where: { followerId: me!.userId } })).toBe(0);
      });

      it('needs a signed-in viewer for every mutation and for myCircles', async () => {
        const [bob] = await users(1);
        const circleId = aUser().userId;
        for (const [query, input] of [
          [FOLLOW, { userId: bob!.userId }],
          [UNFOLLOW, { userId: bob!.userId }],
          [BLOCK, { userId: bob!.userId }],
          [UNBLOCK, { userId: bob!.userId }],
          [CREATE_CIRCLE, { name: 'x' }],
          [RENAME_CIRCLE, { circleId, name: 'x' }],
          [ADD_TO_CIRCLE, { circleId, userId: bob!.userId }],
          [REMOVE_FROM_CIRCLE, { circleId, userId: bob!.userId }],
          [DELETE_CIRCLE, { circleId }],
        ] as const) {
          expect(await failure(query, { input })).toMatchObject({ code: 'UNAUTHENTICATED' });
        }
        expect((await h.request(MY_CIRCLES, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(await h.app.prisma.follow.count({ where: { followeeId: bob!.userId } })).toBe(0);
      });
    });

    describe('blocks', () => {
      it("block ends the follows both ways and empties each other's circles, publishing every change", async () => {
        const [alice, bob, carol] = await users(3);
        await follow(alice!, bob!);
        await follow(bob!, alice!);
        await follow(carol!, alice!);
        const alicesCircle = await createCircle(alice!, 'Close friends');
        const bobsCircle = await createCircle(bob!, 'Close friends');
        await ok(ADD_TO_CIRCLE, { input: { circleId: alicesCircle.id, userId: bob!.userId } }, alice);
        await ok(ADD_TO_CIRCLE, { input: { circleId: alicesCircle.id, userId: carol!.userId } }, alice);
        await ok(ADD_TO_CIRCLE, { input: { circleId: bobsCircle.id, userId: alice!.userId } }, bob);
        const before = (await eventsAbout(bob!.userId)).length;

        const blocked = await block(alice!, bob!);

        expect(blocked.block).toEqual({ id: bob!.userId, followerCount: 0, followingCount: 0, viewerFollows: false, viewerBlocked: true });
        expect((await userData([alice!.userId], alice))[0]).toMatchObject({ followerCount: 1, followingCount: 0 });
        const [mine] = (await ok<{ myCircles: CircleData[] }>(MY_CIRCLES, {}, alice)).myCircles;
        expect(mine?.members.edges.map((edge) => edge.node.id)).toEqual([carol!.userId]);
        const [theirs] = (await ok<{ myCircles: CircleData[] }>(MY_CIRCLES, {}, bob)).myCircles;
        expect(theirs?.members.edges).toEqual([]);

        const published = (await eventsAbout(bob!.userId)).slice(before);
        expect(published[0]).toMatchObject({
          type: 'social.block.created.v1',
          aggregateId: alice!.userId,
          aggregateVersion: 1,
          payload: { blockerId: alice!.userId, blockedId: bob!.userId, version: 1 },
        });
        expect(published.slice(1).map((event) => [event.type, event.aggregateId, event.payload])).toEqual(
          expect.arrayContaining([
            [
              'social.follow.removed.v1',
              alice!.userId,
              expect.objectContaining({ followerId: alice!.userId, followeeId: bob!.userId, version: 2 }),
            ],
            [
              'social.follow.removed.v1',
              bob!.userId,
              expect.objectContaining({ followerId: bob!.userId, followeeId: alice!.userId, version: 2 }),
            ],
            [
              'social.circle.member-removed.v1',
              alicesCircle.id,
              expect.objectContaining({ memberId: bob!.userId, ownerId: alice!.userId, version: 2 }),
            ],
            [
              'social.circle.member-removed.v1',
              bobsCircle.id,
              expect.objectContaining({ memberId: alice!.userId, ownerId: bob!.userId, version: 2 }),
            ],
          ]),
        );
        expect(published).toHaveLength(5);
        // One request, one correlation.
        expect(new Set(published.map((event) => event.correlationId)).size).toBe(1);
      });

      it('blocking twice is a CONFLICT and changes nothing', async () => {
        const [alice, bob] = await users(2);
        await block(alice!, bob!);

        expect(await failure(BLOCK, { input: { userId: bob!.userId } }, alice)).toMatchObject({
          code: 'CONFLICT',
          reason: 'SOCIAL.ALREADY_BLOCKED',
        });
        expect(summary(await eventsAbout(bob!.userId))).toEqual([['social.block.created.v1', 1]]);
      });

      it('forbids following across a block, in either direction', async () => {
        const [alice, bob] = await users(2);
        await block(bob!, alice!);

        for (const [viewer, target] of [
          [alice!, bob!],
          [bob!, alice!],
        ] as const) {
          expect(await failure(FOLLOW, { input: { userId: target.userId } }, viewer)).toMatchObject({
            code: 'FORBIDDEN',
            reason: 'SOCIAL.BLOCKED',
          });
        }
        expect(await h.app.prisma.follow.count({ where: { followerId: { in: [alice!.userId, bob!.userId] } } })).toBe(0);
      });

      it('unblock lifts the block without restoring follows; a second unblock is NOT_FOUND', async () => {
        const [alice, bob] = await users(2);
        await follow(alice!, bob!);
        await block(alice!, bob!);

        const unblocked = await ok<{ unblock: UserData }>(UNBLOCK, { input: { userId: bob!.userId } }, alice);

        expect(unblocked.unblock).toMatchObject({ viewerBlocked: false, viewerFollows: false, followerCount: 0 });
        expect(await failure(UNBLOCK, { input: { userId: bob!.userId } }, alice)).toMatchObject({
          code: 'NOT_FOUND',
          reason: 'SOCIAL.NOT_BLOCKED',
        });
        expect((await follow(alice!, bob!)).follow.viewerFollows).toBe(true);
        expect(summary(await eventsAbout(bob!.userId))).toEqual([
          ['social.follow.created.v1', 1],
          ['social.block.created.v1', 1],
          ['social.follow.removed.v1', 2],
          ['social.block.removed.v1', 2],
          ['social.follow.created.v1', 3],
        ]);
      });

      it.each([
        ['yourself', (me: Viewer) => me.userId, { code: 'BAD_USER_INPUT', reason: 'SOCIAL.CANNOT_BLOCK_SELF', field: 'userId' }],
        ['a malformed id', () => '1234', { code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field: 'userId' }],
        ['an unknown user', () => aUser().userId, { code: 'NOT_FOUND', reason: 'SOCIAL.USER_NOT_FOUND', field: 'userId' }],
      ])('refuses to block %s', async (_label, target, expected) => {
        const [me] = await users(1);
        expect(await failure(BLOCK, { input: { userId: target(me!) } }, me)).toMatchObject(expected);
        expect(await h.app.prisma.block.count({ where: { blockerId: me!.userId } })).toBe(0);
      });
    });

    describe('circles', () => {
      it('creates, renames and lists circles of the owner, publishing each change', async () => {
        const [owner] = await users(1);

        const family = await createCircle(owner!, '  Family ');
        clock.advance();
        const friends = await createCircle(owner!, 'Friends');
        const renamed = await ok<{ renameCircle: CircleData }>(RENAME_CIRCLE, { input: { circleId: family.id, name: 'Kin' } }, owner);

        expect(family).toEqual({ id: expect.any(String), name: 'Family', members: { edges: [] } });
        expect(renamed.renameCircle).toMatchObject({ id: family.id, name: 'Kin' });
        expect((await ok<{ myCircles: CircleData[] }>(MY_CIRCLES, {}, owner)).myCircles.map((c) => [c.id, c.name])).toEqual([
          [family.id, 'Kin'],
          [friends.id, 'Friends'],
        ]);
        const events = await eventsAbout(owner!.userId);
        expect(events.map((event) => [event.type, event.aggregateId, event.aggregateVersion, event.payload.name])).toEqual([
          ['social.circle.created.v1', family.id, 1, 'Family'],
          ['social.circle.created.v1', friends.id, 1, 'Friends'],
          ['social.circle.renamed.v1', family.id, 2, 'Kin'],
        ]);
      });

      it('refuses a name the owner already uses, ignoring case, for create and rename alike', async () => {
        const [owner, other] = await users(2);
        await createCircle(owner!, 'Family');
        const friends = await createCircle(owner!, 'Friends');

        const expected = { code: 'CONFLICT', reason: 'SOCIAL.CIRCLE_NAME_TAKEN', field: 'name' };
        expect(await failure(CREATE_CIRCLE, { input: { name: 'FAMILY' } }, owner)).toMatchObject(expected);
        expect(await failure(RENAME_CIRCLE, { input: { circleId: friends.id, name: ' family ' } }, owner)).toMatchObject(expected);
        // Another owner may use it.
        expect((await createCircle(other!, 'Family')).name).toBe('Family');
      });

      it('adds only users related to the owner (either direction); add and remove are idempotent', async () => {
        const [owner, fan, idol, stranger] = await users(4);
        await follow(fan!, owner!);
        await follow(owner!, idol!);
        const circle = await createCircle(owner!, 'Inner circle');

        expect(await failure(ADD_TO_CIRCLE, { input: { circleId: circle.id, userId: stranger!.userId } }, owner)).toMatchObject({
          code: 'FORBIDDEN',
          reason: 'SOCIAL.NO_RELATION',
          field: 'userId',
        });
        await ok(ADD_TO_CIRCLE, { input: { circleId: circle.id, userId: fan!.userId } }, owner);
        clock.advance();
        const added = await ok<{ addToCircle: CircleData }>(ADD_TO_CIRCLE, { input: { circleId: circle.id, userId: idol!.userId } }, owner);
        await ok(ADD_TO_CIRCLE, { input: { circleId: circle.id, userId: idol!.userId } }, owner);
        expect(added.addToCircle.members.edges.map((edge) => edge.node.id)).toEqual([idol!.userId, fan!.userId]);

        const removed = await ok<{ removeFromCircle: CircleData }>(
          REMOVE_FROM_CIRCLE,
          { input: { circleId: circle.id, userId: fan!.userId } },
          owner,
        );
        await ok(REMOVE_FROM_CIRCLE, { input: { circleId: circle.id, userId: fan!.userId } }, owner);
        await ok(REMOVE_FROM_CIRCLE, { input: { circleId: circle.id, userId: stranger!.userId } }, owner);
        expect(removed.removeFromCircle.members.edges.map((edge) => edge.node.id)).toEqual([idol!.userId]);

        const membershipEvents = (await eventsAbout(circle.id)).filter((event) => event.type.includes('member'));
        expect(membershipEvents.map((event) => [event.type, event.payload.memberId, event.aggregateVersion])).toEqual([
          ['social.circle.member-added.v1', fan!.userId, 1],
          ['social.circle.member-added.v1', idol!.userId, 1],
          ['social.circle.member-removed.v1', fan!.userId, 2],
        ]);
      });

      it('pages members through _entities; a circle exists only for its owner', async () => {
        const [owner, other, ...fans] = await users(5);
        const circle = await createCircle(owner!, 'Fans');
        for (const fan of fans) {
          await follow(fan, owner!);
          clock.advance();
          await ok(ADD_TO_CIRCLE, { input: { circleId: circle.id, userId: fan.userId } }, owner);
        }

        const first = await ok<{ _entities: ({ members: Page } | null)[] }>(
          CIRCLES,
          { representations: circleRefs([circle.id]), first: 2 },
          owner,
        );
        const page = first._entities[0]!.members;
        expect(ids(page)).toEqual([fans[2]!.userId, fans[1]!.userId]);
        expect(page.pageInfo.hasNextPage).toBe(true);
        const second = await ok<{ _entities: ({ members: Page } | null)[] }>(
          CIRCLES,
          { representations: circleRefs([circle.id]), first: 2, after: page.pageInfo.endCursor },
          owner,
        );
        expect(ids(second._entities[0]!.members)).toEqual([fans[0]!.userId]);
        expect(second._entities[0]!.members.pageInfo.hasNextPage).toBe(false);

        for (const viewer of [other, undefined]) {
          const seen = await ok<{ _entities: unknown[] }>(CIRCLES, { representations: circleRefs([circle.id, 'not-a-uuid']) }, viewer);
          expect(seen._entities).toEqual([null, null]);
        }
        expect((await ok<{ myCircles: CircleData[] }>(MY_CIRCLES, {}, other)).myCircles).toEqual([]);
      });

      it('is NOT_FOUND to anyone but the owner, for every change, and changes nothing', async () => {
        const [owner, intruder] = await users(2);
        await follow(owner!, intruder!);
        const circle = await createCircle(owner!, 'Private');
        const expected = { code: 'NOT_FOUND', reason: 'SOCIAL.CIRCLE_NOT_FOUND', field: 'circleId' };

        for (const [query, input] of [
          [RENAME_CIRCLE, { circleId: circle.id, name: 'Hacked' }],
          [ADD_TO_CIRCLE, { circleId: circle.id, userId: owner!.userId }],
          [REMOVE_FROM_CIRCLE, { circleId: circle.id, userId: intruder!.userId }],
          [DELETE_CIRCLE, { circleId: circle.id }],
        ] as const) {
          expect(await failure(query, { input }, intruder)).toMatchObject(expected);
        }
        expect(await h.app.prisma.circle.findUnique({ where: { id: circle.id } })).toMatchObject({ name: 'Private', version: 1 });
      });

      it('deletes a circle with its memberships; a second delete is NOT_FOUND', async () => {
        const [owner, fan] = await users(2);
        await follow(fan!, owner!);
        const circle = await createCircle(owner!, 'Temporary');
        await ok(ADD_TO_CIRCLE, { input: { circleId: circle.id, userId: fan!.userId } }, owner);

        expect(await ok(DELETE_CIRCLE, { input: { circleId: circle.id } }, owner)).toEqual({ deleteCircle: true });

        expect(await failure(DELETE_CIRCLE, { input: { circleId: circle.id } }, owner)).toMatchObject({ code: 'NOT_FOUND' });
        expect((await ok<{ myCircles: unknown[] }>(MY_CIRCLES, {}, owner)).myCircles).toEqual([]);
        expect(await h.app.prisma.circleMember.count({ where: { circleId: circle.id } })).toBe(0);
        expect((await eventsAbout(circle.id)).map((event) => [event.type, event.aggregateVersion])).toEqual([
          ['social.circle.created.v1', 1],
          ['social.circle.member-added.v1', 1],
          ['social.circle.deleted.v1', 2],
        ]);
        // The name is free again.
        expect((await createCircle(owner!, 'temporary')).name).toBe('temporary');
      });

      it.each([
        ['a blank name', CREATE_CIRCLE, { name: '   ' }, 'name'],
        ['a 51-character name', CREATE_CIRCLE, { name: 'c'.repeat(51) }, 'name'],
        ['a blank new name', RENAME_CIRCLE, { circleId: '01935f0e-7a3c-7000-8000-000000000001', name: '' }, 'name'],
        ['a malformed circle id', RENAME_CIRCLE, { circleId: 'circle-1', name: 'x' }, 'circleId'],
        ['a malformed circle id', ADD_TO_CIRCLE, { circleId: 'circle-1', userId: '01935f0e-7a3c-7000-8000-000000000001' }, 'circleId'],
        ['a malformed user id', ADD_TO_CIRCLE, { circleId: '01935f0e-7a3c-7000-8000-000000000001', userId: 'u' }, 'userId'],
        ['a malformed user id', REMOVE_FROM_CIRCLE, { circleId: '01935f0e-7a3c-7000-8000-000000000001', userId: 'u' }, 'userId'],
        ['a malformed circle id', DELETE_CIRCLE, { circleId: '' }, 'circleId'],
      ])('refuses %s as BAD_USER_INPUT on that field', async (_label, query, input, field) => {
        const [owner] = await users(1);
        expect(await failure(query, { input }, owner)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SOCIAL.INVALID_INPUT', field });
        expect(await h.app.prisma.circle.count({ where: { ownerId: owner!.userId } })).toBe(0);
      });

      it('accepts a 50-character emoji name (length counts characters, not UTF-16 units)', async () => {
        const [owner] = await users(1);
        expect((await createCircle(owner!, '🙂'.repeat(50))).name).toBe('🙂'.repeat(50));
      });
    });
  });
}

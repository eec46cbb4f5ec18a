/**
 * No N+1: what a gateway query plan asks of social for a page of users (or circles) costs the
 * same number of SQL statements for 1 as for 20 of them — one per field, counted at the driver
 * adapter.
 */
import type { Viewer } from '@agora/service-kit';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_TO_CIRCLE, BLOCK, CREATE_CIRCLE, circleRefs, FOLLOW, userRefs } from './support/operations';
import { aUser, startHarness, testConfig, type Harness } from './support/social-harness';

let nats: NatsServer;
let h: Harness;
let viewer: Viewer;
const people = Array.from({ length: 20 }, aUser);
const circleIds: string[] = [];

/** Everything social contributes to a user, one level of lists deep with nested counts. */
const EVERYTHING = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User {
        id followerCount followingCount viewerFollows viewerBlocked
        followers(first: 5) { edges { node { id followerCount } } pageInfo { hasNextPage } }
        following(first: 5) { edges { node { id } } pageInfo { hasNextPage } }
      }
    }
  }
`;
const CIRCLES_WITH_MEMBERS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Circle { id name members(first: 10) { edges { node { id } } } } }
  }
`;

beforeAll(async () => {
  nats = await startNats();
  // No outbox polling while statements are counted.
  h = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true }, relay: { pollIntervalMs: 3_600_000 } });
  viewer = aUser();
  await h.know(viewer, ...people);
  // Everyone follows the next two people; the viewer follows the even ones and blocks #19.
  for (const [index, person] of people.entries()) {
    for (const next of [people[(index + 1) % people.length]!, people[(index + 2) % people.length]!]) {
      await h.request(FOLLOW, { input: { userId: next.userId } }, person);
    }
    if (index % 2 === 0) await h.request(FOLLOW, { input: { userId: person.userId } }, viewer);
  }
  await h.request(BLOCK, { input: { userId: people[19]!.userId } }, viewer);
  // The viewer's 20 circles, circle i holding the even people i and i + 2 (mod 20).
  for (let index = 0; index < 20; index++) {
    const created = await h.request(CREATE_CIRCLE, { input: { name: `Circle ${index}` } }, viewer);
    circleIds.push(created.data.createCircle.id);
    for (const member of [people[(index * 2) % 20]!, people[(index * 2 + 2) % 20]!]) {
      const added = await h.request(ADD_TO_CIRCLE, { input: { circleId: circleIds[index], userId: member.userId } }, viewer);
      expect(added.errors).toBeUndefined();
    }
  }
});

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
});

/** SQL statements sent while answering one query (the relay's outbox SQL excluded). */
async function statementsFor(query: string, representations: unknown[], as?: Viewer) {
  h.statements.reset();
  const response = await h.request(query, { representations }, as);
  expect(response.errors).toBeUndefined();
  return { sql: h.statements.statements.filter((sql) => !/outbox/.test(sql)), data: response.data._entities as any[] };
}

describe('batching', () => {
  it('resolves social fields of 20 users with the same statements as 1 user', async () => {
    const one = await statementsFor(EVERYTHING, userRefs([people[0]!.userId]), viewer);
    const twenty = await statementsFor(EVERYTHING, userRefs(people.map((person) => person.userId)), viewer);

    // followers, following, 2 counts, 2 viewer flags, then the nested followerCount of the listed users.
    expect(one.sql).toHaveLength(7);
    expect(twenty.sql).toHaveLength(one.sql.length);
    expect(twenty.data).toHaveLength(20);
    // #0 is followed by #18, #19 and the viewer; #18 by #16, #17 and the viewer; #19 by #17, #18.
    expect(twenty.data[0]).toEqual({
      id: people[0]!.userId,
      followerCount: 3,
      followingCount: 2,
      viewerFollows: true,
      viewerBlocked: false,
      followers: {
        edges: expect.arrayContaining([
          { node: { id: people[19]!.userId, followerCount: 2 } },
          { node: { id: people[18]!.userId, followerCount: 3 } },
          { node: { id: viewer.userId, followerCount: 0 } },
        ]),
        pageInfo: { hasNextPage: false },
      },
      following: {
        edges: expect.arrayContaining([{ node: { id: people[1]!.userId } }, { node: { id: people[2]!.userId } }]),
        pageInfo: { hasNextPage: false },
      },
    });
    expect(twenty.data[0].followers.edges).toHaveLength(3);
    expect(twenty.data[1]).toMatchObject({ viewerFollows: false, viewerBlocked: false });
    expect(twenty.data[19]).toMatchObject({ viewerFollows: false, viewerBlocked: true });
  });

  it('needs no statement at all for viewer flags without a viewer', async () => {
    const anonymous = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id viewerFollows viewerBlocked } } }`;
    const result = await statementsFor(anonymous, userRefs(people.map((person) => person.userId)));

    expect(result.sql).toEqual([]);
    expect(result.data.every((user) => user.viewerFollows === false && user.viewerBlocked === false)).toBe(true);
  });

  it('resolves 20 circles with their members with the same statements as 1', async () => {
    const one = await statementsFor(CIRCLES_WITH_MEMBERS, circleRefs([circleIds[0]!]), viewer);
    const twenty = await statementsFor(CIRCLES_WITH_MEMBERS, circleRefs(circleIds), viewer);

    // The circles (owner-filtered), then their members.
    expect(one.sql).toHaveLength(2);
    expect(twenty.sql).toHaveLength(2);
    expect(twenty.data.map((circle) => circle.name)).toEqual(circleIds.map((_, index) => `Circle ${index}`));
    expect(twenty.data[3]).toEqual({
      id: circleIds[3],
      name: 'Circle 3',
      members: { edges: expect.arrayContaining([{ node: { id: people[6]!.userId } }, { node: { id: people[8]!.userId } }]) },
    });
    expect(twenty.data.every((circle) => circle.members.edges.length === 2)).toBe(true);
  });

  it("resolves someone else's circles to null in the same single statement", async () => {
    const stranger = await statementsFor(CIRCLES_WITH_MEMBERS, circleRefs(circleIds), people[1]);

    expect(stranger.sql).toHaveLength(1);
    expect(stranger.data).toEqual(Array(20).fill(null));
  });
});

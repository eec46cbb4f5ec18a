/**
 * No N+1: a page of notifications is one statement whatever its size, and the gateway's
 * `_entities` batch of N notifications is one statement for 5 as for 50 — counted at the driver
 * adapter.
 */
import { newEventId } from '@agora/events';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type Person } from '../src/application/testing/events.mother';
import { NOTIFICATION_ENTITIES, NOTIFICATIONS, notificationRefs } from './support/operations';
import { startHarness, testConfig, type Harness } from './support/notifications-harness';

let nats: NatsServer;
let h: Harness;
const viewer: Person = aPerson('viewer');
const blocked: Person = aPerson('blocked');
let ids: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  h = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true } });
  // 60 notifications of every kind for the viewer, 5 of them from someone the viewer blocked.
  const kinds = ['FOLLOWED', 'COMMENTED', 'REPLIED', 'REACTED', 'MENTIONED'] as const;
  const data = Array.from({ length: 60 }, (_, i) => ({
    id: newEventId(),
    recipientId: viewer.userId,
    kind: kinds[i % kinds.length]!,
    actorId: i < 5 ? blocked.userId : newEventId(),
    postId: i % 5 === 0 ? null : newEventId(),
    commentId: i % 5 === 1 || i % 5 === 2 ? newEventId() : null,
    sourceEventId: newEventId(),
    createdAt: new Date(Date.UTC(2026, 2, 1, 12, 0, i)),
  }));
  await h.app.prisma.notification.createMany({ data });
  await h.app.prisma.socialBlock.create({ data: { blockerId: viewer.userId, blockedId: blocked.userId, version: 1, active: true } });
  ids = data.slice(5).map((row) => row.id);
});

afterAll(async () => {
  await h?.stop();
  await nats?.stop();
});

/** SQL statements sent while answering one request (the idle relay's outbox poll excluded). */
async function statementsFor(query: string, variables: Record<string, unknown>) {
  h.statements.reset();
  const response = await h.request(query, variables, viewer);
  expect(response.errors).toBeUndefined();
  return { sql: h.statements.statements.filter((sql) => !/outbox/.test(sql)), data: response.data };
}

describe('batching', () => {
  it('reads a page of 5 or of 50 notifications with one statement', async () => {
    const five = await statementsFor(NOTIFICATIONS, { first: 5 });
    const fifty = await statementsFor(NOTIFICATIONS, { first: 50 });

    expect(five.sql).toHaveLength(1);
    expect(fifty.sql).toHaveLength(1);
    expect(fifty.data.notifications.edges).toHaveLength(50);
    expect(fifty.data.notifications.pageInfo.hasNextPage).toBe(true);
    // The blocked actor's five are hidden.
    expect(fifty.data.notifications.edges.some((edge: any) => edge.node.actor.id === blocked.userId)).toBe(false);
  });

  it('resolves 5 or 50 Notification references with one statement', async () => {
    const five = await statementsFor(NOTIFICATION_ENTITIES, { representations: notificationRefs(ids.slice(0, 5)) });
    const fifty = await statementsFor(NOTIFICATION_ENTITIES, { representations: notificationRefs(ids.slice(0, 50)) });

    expect(five.sql).toHaveLength(1);
    expect(fifty.sql).toHaveLength(five.sql.length);
    expect(fifty.data._entities.map((node: any) => node.id)).toEqual(ids.slice(0, 50));
  });
});

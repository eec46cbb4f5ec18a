import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationPlanner, type PreparedSubscription } from './operation-planner';

/** The repository's composed supergraph: every Subscription field must plan through it. */
const supergraphSdl = readFileSync(new URL('../../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const planner = new OperationPlanner(supergraphSdl, { cacheSize: 2 });

const prepared = (source: string, operationName: string | null = null): PreparedSubscription => {
  const result = planner.prepareSubscription(parse(source), operationName);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('; '));
  return result.prepared;
};

describe('OperationPlanner (the real supergraph)', () => {
  it('plans each subscription field as realtime first, then the owning subgraphs', () => {
    const activity = prepared(
      'subscription ($id: ID!) { postActivity(postId: $id) { kind post { body author { username } } comment { body } } }',
    );
    expect(activity.field).toBe('postActivity');
    expect(activity.keysOnly).toBe(false);
    expect(activity.primary.fetch.serviceName).toBe('realtime');
    const node = activity.plan.node!;
    expect(node.kind).toBe('Sequence');
    const services = JSON.stringify(node).match(/"serviceName":"(\w+)"/g);
    expect(services).toEqual(expect.arrayContaining(['"serviceName":"realtime"', '"serviceName":"posts"', '"serviceName":"comments"']));

    const notification = prepared('subscription { added: notificationAdded { id kind seen } }');
    expect(notification.responseKey).toBe('added');
    expect(JSON.stringify(notification.plan.node)).toContain('"serviceName":"notifications"');

    const keys = prepared('subscription { postActivity(postId: "x") { kind post { id } } }');
    expect(keys.keysOnly).toBe(true);
    // Nothing to fetch beyond realtime: the plan is the primary fetch alone.
    expect(keys.plan.node).toBe(keys.primary.fetch);
    expect(prepared('subscription { feedItemAdded { id body } }').field).toBe('feedItemAdded');
  });

  it('caches plans per document text and operation name (bounded)', () => {
    const source = 'subscription { feedItemAdded { id } }';
    expect(prepared(source)).toBe(prepared(source));
    // A different AST of the same text hits the same entry.
    expect(planner.prepareSubscription(parse(`  ${source}`), null)).toBe(planner.prepareSubscription(parse(source), null));
  });

  it('refuses what is not one valid subscription', () => {
    const errorsOf = (source: string, operationName: string | null = null) => {
      const result = planner.prepareSubscription(parse(source), operationName);
      return result.ok ? [] : result.errors.map((error) => ({ message: error.message, ...error.extensions }));
    };
    expect(errorsOf('mutation { markNotificationsSeen(input: {}) }')[0]).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'REALTIME.NOT_A_SUBSCRIPTION',
    });
    expect(errorsOf('query { me { id } }')[0]).toMatchObject({ code: 'BAD_REQUEST', reason: 'REALTIME.NOT_A_SUBSCRIPTION' });
    expect(errorsOf('subscription { notificationAdded { id } }', 'Other')[0]).toMatchObject({ code: 'BAD_REQUEST' });
    expect(errorsOf('subscription { __typename }')[0]).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(errorsOf('subscription { postActivity { kind } }')[0]).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it("reads arguments from literals and coerced variables; a variable of the wrong type is the client's error", () => {
    const activity = prepared('subscription ($id: ID!) { postActivity(postId: $id) { kind } }');
    expect(planner.argumentsOf(activity, { id: 'abc' })).toMatchObject({ ok: true, args: { postId: 'abc' } });
    expect(planner.argumentsOf(activity, { id: 12 })).toMatchObject({ ok: true, args: { postId: '12' } });
    const missing = planner.argumentsOf(activity, {});
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const literal = prepared('subscription { postActivity(postId: "lit") { kind } }');
    expect(planner.argumentsOf(literal, {})).toMatchObject({ ok: true, args: { postId: 'lit' } });
  });

  it('plans the access-check query and lists the remote subgraphs (realtime excluded)', () => {
    const check = planner.prepareQuery('query RealtimePostAccess($postId: ID!) { subject: post(id: $postId) { id } }');
    expect(JSON.stringify(check.plan.node)).toContain('"serviceName":"posts"');
    expect(planner.remoteSubgraphs).toContain('posts');
    expect(planner.remoteSubgraphs).not.toContain('realtime');
    expect(() => planner.prepareQuery('{ nope }')).toThrow(/invalid internal query/);
  });
});

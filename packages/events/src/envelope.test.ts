import { describe, expect, it } from 'vitest';
import { createEvent, envelopeSchema, EventContractError, parseEvent } from './envelope';
import { AccountRegisteredV1 } from './contracts/identity';
import { PostPublishedV1 } from './contracts/posts';

const accountId = '0190f3a2-7c1e-7b8a-9c3d-2e4f5a6b7c8d';

function registeredPayload(overrides: Record<string, unknown> = {}) {
  return { accountId, username: 'ada_lovelace', registeredAt: '2026-01-02T03:04:05.000Z', ...overrides };
}

describe('createEvent', () => {
  it('builds a complete envelope with defaults: v7 id, correlation = id, no cause, no actor, ISO time', () => {
    const before = Date.now();
    const event = createEvent(AccountRegisteredV1, { aggregateId: accountId, aggregateVersion: 1, payload: registeredPayload() });

    expect(event.type).toBe('identity.account.registered.v1');
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.correlationId).toBe(event.id);
    expect(event.causationId).toBeNull();
    expect(event.actorId).toBeNull();
    expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
    expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before);
    expect(event.payload).toEqual(registeredPayload());
  });

  it('keeps the given id, time, correlation, causation and actor', () => {
    const event = createEvent(AccountRegisteredV1, {
      id: '0190f3a2-0000-7000-8000-000000000001',
      occurredAt: new Date('2026-05-06T07:08:09.010Z'),
      aggregateId: accountId,
      aggregateVersion: 3,
      payload: registeredPayload(),
      correlationId: 'request-42',
      causationId: '0190f3a2-0000-7000-8000-000000000000',
      actorId: accountId,
    });
    expect(event).toMatchObject({
      id: '0190f3a2-0000-7000-8000-000000000001',
      occurredAt: '2026-05-06T07:08:09.010Z',
      aggregateVersion: 3,
      correlationId: 'request-42',
      causationId: '0190f3a2-0000-7000-8000-000000000000',
      actorId: accountId,
    });
  });

  it('rejects a payload that breaks the contract and names every problem', () => {
    const attempt = () =>
      createEvent(AccountRegisteredV1, {
        aggregateId: accountId,
        aggregateVersion: 1,
        payload: registeredPayload({ username: 'ab', accountId: 'not-a-uuid' }) as never,
      });
    expect(attempt).toThrow(EventContractError);
    try {
      attempt();
    } catch (error) {
      const contractError = error as EventContractError;
      expect(contractError.eventType).toBe('identity.account.registered.v1');
      expect(contractError.issues).toHaveLength(2);
      expect(contractError.issues.some((issue) => issue.startsWith('payload.username:'))).toBe(true);
      expect(contractError.issues.some((issue) => issue.startsWith('payload.accountId:'))).toBe(true);
      expect(contractError.message).toContain('identity.account.registered.v1');
    }
  });

  it('rejects an envelope field that is out of range (fractional version)', () => {
    expect(() => createEvent(AccountRegisteredV1, { aggregateId: accountId, aggregateVersion: 1.5, payload: registeredPayload() })).toThrow(
      /aggregateVersion/,
    );
  });
});

describe('parseEvent', () => {
  it('round-trips an envelope through JSON unchanged', () => {
    const event = createEvent(PostPublishedV1, {
      aggregateId: accountId,
      aggregateVersion: 1,
      actorId: accountId,
      payload: {
        postId: '0190f3a2-0000-7000-8000-00000000000a',
        authorId: accountId,
        body: 'hello, world',
        visibility: 'PUBLIC',
        commentsDisabled: false,
        circleIds: [],
        publishedAt: '2026-01-02T03:04:05.000Z',
      },
    });
    const parsed = parseEvent(PostPublishedV1, JSON.parse(JSON.stringify(event)));
    expect(parsed).toEqual(event);
  });

  it('rejects an incoming payload that breaks the contract', () => {
    const event = createEvent(AccountRegisteredV1, { aggregateId: accountId, aggregateVersion: 1, payload: registeredPayload() });
    const tampered = { ...event, payload: { ...event.payload, registeredAt: 'yesterday' } };
    expect(() => parseEvent(AccountRegisteredV1, tampered)).toThrow(/payload\.registeredAt/);
  });

  it('rejects a broken envelope, listing the missing fields', () => {
    try {
      parseEvent(AccountRegisteredV1, { type: 'identity.account.registered.v1', payload: registeredPayload() });
      expect.unreachable('parseEvent accepted an envelope without id');
    } catch (error) {
      expect(error).toBeInstanceOf(EventContractError);
      const issues = (error as EventContractError).issues.join('\n');
      for (const field of ['id', 'occurredAt', 'aggregateId', 'aggregateVersion', 'correlationId']) {
        expect(issues).toContain(`${field}:`);
      }
    }
  });

  it('rejects an event of another type', () => {
    const event = createEvent(AccountRegisteredV1, { aggregateId: accountId, aggregateVersion: 1, payload: registeredPayload() });
    expect(() => parseEvent(PostPublishedV1, event)).toThrow(/expected posts\.post\.published\.v1/);
  });

  it('rejects non-objects and a missing payload', () => {
    expect(() => parseEvent(AccountRegisteredV1, 'hello')).toThrow(EventContractError);
    const event = createEvent(AccountRegisteredV1, { aggregateId: accountId, aggregateVersion: 1, payload: registeredPayload() });
    const { payload: _payload, ...withoutPayload } = event;
    expect(envelopeSchema.safeParse(withoutPayload).success).toBe(false);
  });
});

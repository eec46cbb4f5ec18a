import { DomainError } from '@agora/kernel';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCommandPipeline, defineCommand, type CommandRunner } from './command';
import { bindConsumer, defineConsumer, eventHandlers, type InboxRunner } from './consumer';
import { uuidInput } from './inputs';
import { mutation } from './resolver';

interface Ports {
  written: string[];
}

/** A unit of work that keeps writes only when the work succeeds, and an inbox. */
function memoryUnitOfWork(): CommandRunner<Ports> & InboxRunner<Ports> & { committed: string[]; inbox: Set<string> } {
  const committed: string[] = [];
  const inbox = new Set<string>();
  const run = async <R>(work: (ports: Ports) => Promise<R>): Promise<R> => {
    const ports: Ports = { written: [] };
    const result = await work(ports);
    committed.push(...ports.written);
    return result;
  };
  return {
    committed,
    inbox,
    run,
    async runOnce(consumer, eventId, work) {
      const key = `${consumer}/${eventId}`;
      if (inbox.has(key)) return false;
      await run(work);
      inbox.add(key);
      return true;
    },
  };
}

const now = new Date('2026-12-01T00:00:00.000Z');
const viewer = { userId: '0190F0C2-7A3B-7C4D-8E5F-AABBCCDDEEFF', username: 'ada' };
const targetId = '0190F0C2-7A3B-7C4D-8E5F-000000000001';

const follow = defineCommand({
  name: 'follow',
  input: z.object({ userId: uuidInput('Must be a valid user id') }),
  viewer: 'required',
  async handle({ input, actor, metadata, now: at }, ports: Ports) {
    if (input.userId === actor.id)
      throw new DomainError('BAD_USER_INPUT', 'SOCIAL.CANNOT_FOLLOW_SELF', 'You cannot follow yourself', 'userId');
    ports.written.push(`${actor.id}>${input.userId}@${at.toISOString()}#${metadata.correlationId}`);
    return { id: input.userId };
  },
});

const failing = defineCommand({
  name: 'failing',
  input: z.object({}),
  viewer: 'optional',
  async handle(_call, ports: Ports) {
    ports.written.push('half-written');
    throw new DomainError('CONFLICT', 'TEST.CONFLICT', 'Nope');
  },
});

function pipeline(options: { requireVerifiedEmail?: boolean } = {}) {
  const unitOfWork = memoryUnitOfWork();
  return {
    unitOfWork,
    commands: createCommandPipeline<Ports>({
      context: 'social',
      unitOfWork,
      clock: { now: () => now },
      ids: { newId: () => 'id-1' },
      ...options,
    }),
  };
}

/** Records the client IP it is called with. */
const whereFrom = defineCommand({
  name: 'whereFrom',
  input: z.object({}),
  viewer: 'optional',
  async handle({ clientIp }, ports: Ports) {
    ports.written.push(`from ${clientIp ?? 'unknown'}`);
    return clientIp;
  },
});

const updateSettings = defineCommand({
  name: 'updateSettings',
  input: z.object({}),
  viewer: 'required',
  allowUnverifiedEmail: true,
  async handle({ actor }, ports: Ports) {
    ports.written.push(`settings of ${actor.username}`);
    return true;
  },
});

describe('command pipeline', () => {
  it('runs a command with its input parsed, ids canonical, the actor and the request as metadata', async () => {
    const { commands, unitOfWork } = pipeline();
    const result = await commands.execute(follow, { input: { userId: targetId }, viewer, requestId: 'req-1' });
    expect(result).toEqual({ id: targetId.toLowerCase() });
    expect(unitOfWork.committed).toEqual([`${viewer.userId.toLowerCase()}>${targetId.toLowerCase()}@${now.toISOString()}#req-1`]);
  });

  it('refuses an anonymous request when a viewer is required, before anything runs', async () => {
    const { commands, unitOfWork } = pipeline();
    await expect(commands.execute(follow, { input: { userId: targetId }, viewer: null, requestId: 'r' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'AUTH.UNAUTHENTICATED',
    });
    expect(unitOfWork.committed).toEqual([]);
  });

  it('turns invalid input into BAD_USER_INPUT naming the field, with the context in the reason', async () => {
    const { commands } = pipeline();
    await expect(commands.execute(follow, { input: { userId: 'nope' }, viewer, requestId: 'r' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SOCIAL.INVALID_INPUT',
      field: 'userId',
      message: 'userId: Must be a valid user id',
    });
  });

  it('lets an expected domain error through as it is and keeps nothing the handler wrote', async () => {
    const { commands, unitOfWork } = pipeline();
    await expect(commands.execute(failing, { input: {}, viewer: null, requestId: 'r' })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'TEST.CONFLICT',
    });
    await expect(commands.execute(follow, { input: { userId: viewer.userId }, viewer, requestId: 'r' })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(unitOfWork.committed).toEqual([]);
  });

  it('is one line per mutation: the resolver reads `input`, runs the command and forgets the request’s loaders', async () => {
    const { commands } = pipeline();
    let cleared = 0;
    const resolve = mutation(follow);
    const ctx = { viewer, requestId: 'req-2', commands, loaders: { clearAll: () => (cleared += 1) } };
    await expect(resolve({}, { input: { userId: targetId } }, ctx)).resolves.toEqual({ id: targetId.toLowerCase() });
    expect(cleared).toBe(1);
  });
});

describe('client IP', () => {
  it('reaches the handler from the request, and is null when the request does not say', async () => {
    const { commands, unitOfWork } = pipeline();
    await expect(commands.execute(whereFrom, { input: {}, viewer: null, requestId: 'r', clientIp: '203.0.113.9' })).resolves.toBe(
      '203.0.113.9',
    );
    await expect(commands.execute(whereFrom, { input: {}, viewer: null, requestId: 'r' })).resolves.toBeNull();
    expect(unitOfWork.committed).toEqual(['from 203.0.113.9', 'from unknown']);
  });

  it('is taken from the resolver context by mutation()', async () => {
    const { commands } = pipeline();
    const resolve = mutation(whereFrom);
    await expect(resolve({}, { input: {} }, { viewer: null, requestId: 'r', clientIp: '198.51.100.4', commands })).resolves.toBe(
      '198.51.100.4',
    );
    await expect(resolve({}, { input: {} }, { viewer: null, requestId: 'r', commands })).resolves.toBeNull();
  });
});

describe('verified email policy (AUTH_REQUIRE_VERIFIED_EMAIL)', () => {
  const unverified = { ...viewer, emailVerified: false };
  const verified = { ...viewer, emailVerified: true };

  it('when on, refuses a required-viewer command of an unverified viewer before anything runs, even with bad input', async () => {
    const { commands, unitOfWork } = pipeline({ requireVerifiedEmail: true });
    for (const input of [{ userId: targetId }, { userId: 'nope' }]) {
      await expect(commands.execute(follow, { input, viewer: unverified, requestId: 'r' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        reason: 'IDENTITY.EMAIL_NOT_VERIFIED',
        message: 'Verify your email address first.',
      });
    }
    // A viewer that does not say (a fixture signed without `ev`) counts as unverified.
    await expect(commands.execute(follow, { input: { userId: targetId }, viewer, requestId: 'r' })).rejects.toMatchObject({
      reason: 'IDENTITY.EMAIL_NOT_VERIFIED',
    });
    expect(unitOfWork.committed).toEqual([]);
  });

  it('when on, runs the command of a verified viewer, and still says UNAUTHENTICATED to an anonymous one', async () => {
    const { commands, unitOfWork } = pipeline({ requireVerifiedEmail: true });
    await expect(commands.execute(follow, { input: { userId: targetId }, viewer: verified, requestId: 'r' })).resolves.toEqual({
      id: targetId.toLowerCase(),
    });
    await expect(commands.execute(follow, { input: { userId: targetId }, viewer: null, requestId: 'r' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(unitOfWork.committed).toHaveLength(1);
  });

  it('when on, runs commands that allow an unverified email, and optional-viewer commands', async () => {
    const { commands, unitOfWork } = pipeline({ requireVerifiedEmail: true });
    await expect(commands.execute(updateSettings, { input: {}, viewer: unverified, requestId: 'r' })).resolves.toBe(true);
    await expect(commands.execute(whereFrom, { input: {}, viewer: unverified, requestId: 'r' })).resolves.toBeNull();
    expect(unitOfWork.committed).toEqual(['settings of ada', 'from unknown']);
  });

  it('when off (the default), lets an unverified viewer run any command', async () => {
    const { commands } = pipeline();
    await expect(commands.execute(follow, { input: { userId: targetId }, viewer: unverified, requestId: 'r' })).resolves.toEqual({
      id: targetId.toLowerCase(),
    });
  });
});

describe('consumers', () => {
  const contract = { type: 'test.thing.happened.v1', stream: 'TEST', description: 'test', schema: z.object({ n: z.number() }) };
  const event = {
    id: '0190f0c2-7a3b-7c4d-8e5f-00000000000a',
    type: 'test.thing.happened.v1' as const,
    occurredAt: now.toISOString(),
    aggregateId: 'a',
    aggregateVersion: 1,
    payload: { n: 7 },
    correlationId: 'corr',
    causationId: null,
    actorId: 'someone',
  };
  const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

  it('runs a handler once per event through the inbox, with the event as the cause of what it emits', async () => {
    const unitOfWork = memoryUnitOfWork();
    const [handler] = eventHandlers(unitOfWork, [
      defineConsumer({
        name: 'RecordOnThingHappened',
        contract,
        async handle(received, ports: Ports, { metadata }) {
          ports.written.push(`${received.payload.n}:${metadata.causationId}:${metadata.correlationId}:${metadata.actorId}`);
        },
      }),
    ]);
    const context = { consumer: 'test--record-on-thing-happened', deliveryCount: 1, logger: logger as never };
    await handler!.handle(event, context);
    await handler!.handle(event, { ...context, deliveryCount: 2 });
    expect(unitOfWork.committed).toEqual([`7:${event.id}:corr:someone`]);
    expect([...unitOfWork.inbox]).toEqual([`test--record-on-thing-happened/${event.id}`]);
  });

  it('binds a consumer for a use-case test: the payload is parsed by the contract and the inbox answers', async () => {
    const unitOfWork = memoryUnitOfWork();
    const seen = defineConsumer({
      name: 'SeeOnThingHappened',
      contract: { ...contract, schema: z.object({ id: z.uuid().toLowerCase() }) },
      async handle(received, ports: Ports, { now: at }) {
        ports.written.push(`${received.payload.id}@${at.toISOString()}`);
      },
    });
    const bound = bindConsumer(unitOfWork, seen, { clock: { now: () => now } });
    const delivery = { id: event.id, payload: { id: 'AAAAAAAA-7A3B-7C4D-8E5F-AABBCCDDEEFF' } };
    expect(await bound.deliver(delivery)).toBe(true);
    expect(await bound.deliver(delivery)).toBe(false);
    expect(unitOfWork.committed).toEqual([`aaaaaaaa-7a3b-7c4d-8e5f-aabbccddeeff@${now.toISOString()}`]);
    await expect(bound.deliver({ id: 'x', payload: { id: 'nope' } })).rejects.toThrow();
  });
});

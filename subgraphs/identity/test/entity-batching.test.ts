import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration, OPERATIONS } from './support/operations';

let nats: NatsServer;
let identity: IdentityHarness;
let counter: StatementCounter;
const users: { id: string; username: string; createdAt: string }[] = [];

/** Statements that read accounts (the relay's outbox polling runs alongside and is ignored). */
const accountReads = () => counter.statements.filter((sql) => /"account"/.test(sql) && !/outbox/.test(sql));

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({
    natsUrl: nats.url,
    wrapAdapter: (adapter) => {
      counter = countStatements(adapter);
      return counter.adapter;
    },
  });
  for (let i = 0; i < 25; i++) {
    const { data } = await identity.register(aRegistration());
    const { id, username, createdAt } = data.register.user;
    users.push({ id, username, createdAt });
  }
});

afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
});

const resolve = (ids: string[]) =>
  identity.request(OPERATIONS.entities, { representations: ids.map((id) => ({ __typename: 'User', id })) });

describe('User.__resolveReference', () => {
  it('resolves 1 and 25 references with the same single SQL statement', async () => {
    counter.reset();
    const one = await resolve([users[0]!.id]);
    expect(one.data._entities).toEqual([users[0]]);
    const forOne = accountReads().length;

    counter.reset();
    const all = await resolve(users.map((u) => u.id));
    expect(all.data._entities).toEqual(users);
    const forAll = accountReads().length;

    expect(forOne).toBe(1);
    expect(forAll).toBe(forOne);
  });

  it('answers null for unknown and malformed ids without failing the batch', async () => {
    const response = await resolve([users[1]!.id, '00000000-0000-7000-8000-00000000dead', 'not-a-uuid']);
    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toEqual([users[1], null, null]);
  });
});

describe('User.emailVerified', () => {
  it('comes with the batched account read (one statement for 25 users) and only for the viewer themself', async () => {
    const [self] = users;
    const query = `query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id emailVerified } } }`;
    counter.reset();
    const response = await identity.request(
      query,
      { representations: users.map((u) => ({ __typename: 'User', id: u.id })) },
      { userId: self!.id, username: self!.username },
    );
    expect(accountReads()).toHaveLength(1);
    const entities = response.data._entities as { id: string; emailVerified: boolean | null }[];
    expect(entities[0]).toEqual({ id: self!.id, emailVerified: false });
    expect(entities.slice(1).every((e) => e.emailVerified === null)).toBe(true);
  });
});

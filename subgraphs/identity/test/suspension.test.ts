import { bindConsumer, contextUnitOfWork } from '@agora/context-runtime';
import { AccountSuspendedV1, AccountUnsuspendedV1, createEvent, type EventEnvelope } from '@agora/events';
import { publishEnvelope, startNats, waitFor, type NatsServer } from '@agora/testing';
import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSuspensionOnAccountSuspended } from '../src/application/record-suspension-on-account-suspended/record-suspension-on-account-suspended.handler';
import { liftSuspensionOnAccountUnsuspended } from '../src/application/lift-suspension-on-account-unsuspended/lift-suspension-on-account-unsuspended.handler';
import type { IdentityConsumerScope } from '../src/application/ports';
import type { TransactionClient } from '../src/infrastructure/prisma-client';
import { PrismaSuspensionStore } from '../src/infrastructure/prisma-suspension.store';
import { onlyError, startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { aRegistration } from './support/operations';

/**
 * Suspension facts from moderation's events (PGlite, real NATS): the consumers as identity runs
 * them, sign-in / refresh refusals over HTTP, and redelivery through the inbox.
 */
let nats: NatsServer;
let identity: IdentityHarness;
const MODERATOR = '01900000-0000-7000-8000-00000000aaaa';

beforeAll(async () => {
  nats = await startNats();
  identity = await startIdentityHarness({ natsUrl: nats.url });
});
afterAll(async () => {
  await identity?.stop();
  await nats?.stop();
});

const suspended = (userId: string, suspendedAt: Date, until: Date | null) =>
  createEvent(AccountSuspendedV1, {
    aggregateId: userId,
    aggregateVersion: 1,
    actorId: MODERATOR,
    payload: {
      userId,
      moderatorId: MODERATOR,
      reportId: null,
      reason: 'spam',
      suspendedAt: suspendedAt.toISOString(),
      until: until?.toISOString() ?? null,
    },
  });
const unsuspended = (userId: string, unsuspendedAt: Date) =>
  createEvent(AccountUnsuspendedV1, {
    aggregateId: userId,
    aggregateVersion: 2,
    actorId: MODERATOR,
    payload: { userId, moderatorId: MODERATOR, unsuspendedAt: unsuspendedAt.toISOString() },
  });

/** The consumers bound to identity's own inbox, under the durable names the running consumers use. */
function consumers() {
  const unitOfWork = contextUnitOfWork<TransactionClient, IdentityConsumerScope>(identity.app, (tx) => ({
    suspensions: new PrismaSuspensionStore(tx),
  }));
  const durable = (name: string) => identity.app.consumers.names.find((n) => n.endsWith(name))!;
  return {
    suspend: bindConsumer(unitOfWork, recordSuspensionOnAccountSuspended, { durable: durable('record-suspension-on-account-suspended') }),
    lift: bindConsumer(unitOfWork, liftSuspensionOnAccountUnsuspended, { durable: durable('lift-suspension-on-account-unsuspended') }),
  };
}
const deliver = (consumer: { deliver(e: { id: string; payload: unknown }): Promise<boolean> }, envelope: EventEnvelope): Promise<boolean> =>
  consumer.deliver({ ...envelope, payload: envelope.payload });

async function registered() {
  const input = aRegistration();
  const response = await identity.register(input);
  expect(response.errors).toBeUndefined();
  return { input, id: response.data.register.user.id as string, refreshToken: response.data.register.refreshToken as string };
}
const openFamilies = (accountId: string) => identity.app.prisma.refreshTokenFamily.count({ where: { accountId, revokedAt: null } });

describe('suspension facts (moderation.account.suspended.v1 / unsuspended.v1)', () => {
  it('consumed from the MODERATION stream: sessions revoked; login and refresh answer FORBIDDEN IDENTITY.SUSPENDED, a wrong password still INVALID_CREDENTIALS', async () => {
    const ana = await registered();
    const second = await identity.login(ana.input.username, ana.input.password);
    expect(await openFamilies(ana.id)).toBe(2);
    const until = new Date(Date.now() + 3 * 24 * 3600_000);
    const event = suspended(ana.id, new Date(), until);
    await publishEnvelope(jetstream(identity.app.nc), event);
    await waitFor(async () => (await identity.app.prisma.inboxEvent.count({ where: { eventId: event.id } })) === 1, {
      message: 'suspension consumed',
    });

    const row = await identity.app.prisma.account.findUniqueOrThrow({ where: { id: ana.id } });
    expect(row.suspendedUntil?.toISOString()).toBe(until.toISOString());
    expect(await openFamilies(ana.id)).toBe(0);
    const families = await identity.app.prisma.refreshTokenFamily.findMany({ where: { accountId: ana.id } });
    expect(families.map((f) => f.revokedReason)).toEqual(['suspended', 'suspended']);

    const login = onlyError(await identity.login(ana.input.email, ana.input.password));
    expect(login).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.SUSPENDED' });
    expect(login.message).toContain(until.toISOString());
    // The password is checked first: a wrong one learns nothing about the suspension.
    expect(onlyError(await identity.login(ana.input.email, 'wrong password!'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'IDENTITY.INVALID_CREDENTIALS',
    });
    for (const token of [ana.refreshToken, second.data.login.refreshToken as string]) {
      expect(onlyError(await identity.refresh(token))).toMatchObject({ code: 'FORBIDDEN', reason: 'IDENTITY.SUSPENDED' });
    }
  });

  it('the same event twice is applied once; suspended → unsuspended → suspended again (distinct events) works', async () => {
    const bea = await registered();
    const { suspend, lift } = consumers();
    const t0 = Date.now();
    const first = suspended(bea.id, new Date(t0), null);
    expect(await deliver(suspend, first)).toBe(true);
    expect(onlyError(await identity.login(bea.input.email, bea.input.password))).toMatchObject({ reason: 'IDENTITY.SUSPENDED' });

    const lifted = unsuspended(bea.id, new Date(t0 + 1000));
    expect(await deliver(lift, lifted)).toBe(true);
    const afterLift = await identity.login(bea.input.email, bea.input.password);
    expect(afterLift.errors).toBeUndefined();

    // A redelivery of the first suspension (the inbox has it) changes nothing: still signed in.
    expect(await deliver(suspend, first)).toBe(false);
    expect((await identity.login(bea.input.email, bea.input.password)).errors).toBeUndefined();
    expect(await openFamilies(bea.id)).toBe(2);
    expect(await deliver(lift, lifted)).toBe(false);

    // A new suspension (another event) applies, and ends the sessions started meanwhile.
    expect(await deliver(suspend, suspended(bea.id, new Date(t0 + 2000), null))).toBe(true);
    expect(await openFamilies(bea.id)).toBe(0);
    expect(onlyError(await identity.refresh(afterLift.data.login.refreshToken))).toMatchObject({ reason: 'IDENTITY.SUSPENDED' });
  });

  it('an older fact handled late changes nothing; a suspension whose until has passed no longer applies', async () => {
    const cai = await registered();
    const { suspend, lift } = consumers();
    const t0 = Date.now();
    expect(await deliver(suspend, suspended(cai.id, new Date(t0), null))).toBe(true);
    // An unsuspension from before this suspension (its consumer was behind) does not lift it.
    expect(await deliver(lift, unsuspended(cai.id, new Date(t0 - 60_000)))).toBe(true);
    expect(onlyError(await identity.login(cai.input.email, cai.input.password))).toMatchObject({ reason: 'IDENTITY.SUSPENDED' });

    const dan = await registered();
    expect(await deliver(suspend, suspended(dan.id, new Date(t0 - 3600_000), new Date(t0 - 1000)))).toBe(true);
    expect(await openFamilies(dan.id)).toBe(1); // over before it was handled: nothing to end
    expect((await identity.login(dan.input.email, dan.input.password)).errors).toBeUndefined();
    expect((await identity.refresh(dan.refreshToken)).errors).toBeUndefined();
  });

  it('an event about an account identity does not know is recorded in the inbox and changes nothing', async () => {
    const { suspend } = consumers();
    const stranger = randomUUID();
    expect(await deliver(suspend, suspended(stranger, new Date(), null))).toBe(true);
    expect(await identity.app.prisma.account.count({ where: { id: stranger } })).toBe(0);
  });
});

/**
 * media.profile-image.changed.v1 → profiles' replica of the avatar slot → the deprecated
 * `User.avatarUrl`, over real NATS JetStream and real (in-memory) PGlite.
 */
import { MediaProfileImageChangedV1, createEvent, newEventId, type EventEnvelope } from '@agora/events';
import { startNats, waitFor, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountRegistered,
  anAccount,
  entities,
  publish,
  startHarness,
  testConfig,
  updateProfile,
  type Harness,
} from './support/profiles-harness';

const ORIGIN = 'https://agora.example';
const DURABLE = 'profiles--record-profile-image-on-profile-image-changed';

let nats: NatsServer;
let harness: Harness;

beforeAll(async () => {
  nats = await startNats();
  harness = await startHarness(testConfig({ NATS_URL: nats.url, MEDIA_PUBLIC_URL: `${ORIGIN}/` }), { database: { memory: true } });
});
afterAll(async () => {
  await harness?.stop();
  await nats?.stop();
});

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
function changed(userId: string, mediaId: string | null, seconds: number, slot: 'AVATAR' | 'BANNER' = 'AVATAR'): EventEnvelope {
  return createEvent(MediaProfileImageChangedV1, {
    aggregateId: mediaId ?? userId,
    aggregateVersion: 1,
    actorId: userId,
    payload: { userId, slot, mediaId, changedAt: new Date(T0 + seconds * 1000).toISOString() },
  });
}

/** Publishes as media's relay would (or under another msgID) and waits until the durable acked it. */
async function deliver(envelope: EventEnvelope, msgID = envelope.id): Promise<void> {
  const { seq } = await publish(harness.js, envelope, msgID);
  await waitFor(
    async () => {
      const info = await harness.jsm.consumers.info('MEDIA', DURABLE);
      return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
    },
    { message: `${DURABLE} never acked #${seq}` },
  );
}

async function avatarUrlOf(userId: string): Promise<string | null> {
  const response = await entities(harness.app.url, [userId]);
  expect(response.errors).toBeUndefined();
  return (response.data?._entities as { avatarUrl: string | null }[])[0]!.avatarUrl;
}

/** A registered account whose profile exists, with an avatar URL typed in updateProfile. */
async function profileWithTypedAvatar(): Promise<{ accountId: string; typed: string }> {
  const account = anAccount();
  const { seq } = await publish(harness.js, accountRegistered(account));
  await waitFor(async () => (await harness.app.prisma.profile.count({ where: { accountId: account.accountId } })) === 1, {
    message: `profile of stream #${seq} never created`,
  });
  const typed = `https://cdn.example.com/${account.username}.png`;
  const res = await updateProfile(harness.app.url, { userId: account.accountId, username: account.username }, { avatarUrl: typed });
  expect(res.errors).toBeUndefined();
  return { accountId: account.accountId, typed };
}

describe("avatarUrl from media's profile image events", () => {
  it("is what the user typed until media sets an avatar, then media's stable URL — also in updateProfile's answer — and the typed one again once cleared", async () => {
    const { accountId, typed } = await profileWithTypedAvatar();
    expect(await avatarUrlOf(accountId)).toBe(typed);

    await deliver(changed(accountId, newEventId(), 1));
    const stable = `${ORIGIN}/media/users/${accountId}/avatar`;
    expect(await avatarUrlOf(accountId)).toBe(stable);
    const viewer = { userId: accountId, username: 'whoever' };
    const updated = await updateProfile(harness.app.url, viewer, { bio: 'now with a media avatar' });
    expect(updated.data?.updateProfile).toMatchObject({ avatarUrl: stable, bio: 'now with a media avatar' });

    await deliver(changed(accountId, null, 2));
    expect(await avatarUrlOf(accountId)).toBe(typed);
  });

  it('last writer wins by changedAt: an older change arriving late is ignored, also an older set after a clear', async () => {
    const { accountId, typed } = await profileWithTypedAvatar();
    const [older, newer] = [newEventId(), newEventId()];
    await deliver(changed(accountId, newer, 20));
    await deliver(changed(accountId, older, 10));
    expect(
      await harness.app.prisma.profileImage.findUnique({ where: { userId_slot: { userId: accountId, slot: 'AVATAR' } } }),
    ).toMatchObject({
      mediaId: newer,
      changedAt: new Date(T0 + 20_000),
    });
    await deliver(changed(accountId, null, 30));
    await deliver(changed(accountId, older, 25));
    expect(await avatarUrlOf(accountId)).toBe(typed);
  });

  it('applies an event once: redelivered under another msgID, it leaves one inbox row', async () => {
    const { accountId } = await profileWithTypedAvatar();
    const event = changed(accountId, newEventId(), 1);
    await deliver(event);
    await deliver(event, `${event.id}-again`);
    expect(await harness.app.prisma.inboxEvent.findMany({ where: { eventId: event.id } })).toEqual([
      expect.objectContaining({ consumer: DURABLE }),
    ]);
    expect(await avatarUrlOf(accountId)).toBe(`${ORIGIN}/media/users/${accountId}/avatar`);
  });

  it('a banner is not an avatar; an avatar set before the profile exists shows as soon as it is asked for', async () => {
    const { accountId, typed } = await profileWithTypedAvatar();
    await deliver(changed(accountId, newEventId(), 1, 'BANNER'));
    expect(await avatarUrlOf(accountId)).toBe(typed);

    const early = anAccount();
    await deliver(changed(early.accountId, newEventId(), 1));
    expect(await harness.app.prisma.profile.count({ where: { accountId: early.accountId } })).toBe(0);
    expect(await avatarUrlOf(early.accountId)).toBe(`${ORIGIN}/media/users/${early.accountId}/avatar`);
  });
});

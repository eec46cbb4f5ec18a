/**
 * updateProfile over real HTTP (the gateway's signed identity header), real NATS, in-memory PGlite.
 */
import { parseEvent, ProfileUpdatedV1, type EventEnvelope } from '@agora/events';
import { IDENTITY_HEADER } from '@agora/service-kit';
import { gql, startNats, type NatsServer } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UPDATE_PROFILE,
  anAccount,
  entities,
  startHarness,
  streamMessages,
  testConfig,
  updateProfile,
  type Harness,
} from './support/profiles-harness';

let nats: NatsServer;
let harness: Harness;

beforeAll(async () => {
  nats = await startNats();
  harness = await startHarness(testConfig({ NATS_URL: nats.url }), { database: { memory: true } });
});

afterAll(async () => {
  await harness?.stop();
  await nats?.stop();
});

const aViewer = () => {
  const { accountId, username } = anAccount();
  return { userId: accountId, username };
};
const storedProfile = (accountId: string) => harness.app.prisma.profile.findUnique({ where: { accountId } });

describe('updateProfile', () => {
  it("changes the viewer's own profile and publishes ProfileUpdated", async () => {
    const viewer = aViewer();

    const response = await updateProfile(harness.app.url, viewer, {
      displayName: '  Ada Lovelace  ',
      bio: 'First programmer.',
      avatarUrl: 'https://cdn.example.com/ada.png',
    });

    expect(response.errors).toBeUndefined();
    expect(response.data?.updateProfile).toEqual({
      id: viewer.userId,
      displayName: 'Ada Lovelace',
      bio: 'First programmer.',
      avatarUrl: 'https://cdn.example.com/ada.png',
    });
    expect(await storedProfile(viewer.userId)).toMatchObject({ displayName: 'Ada Lovelace', version: 1 });

    await harness.app.relay.drain();
    const published = (await streamMessages(harness.jsm, 'PROFILES')).filter((message) => message.data.aggregateId === viewer.userId);
    expect(published).toHaveLength(1);
    const event = parseEvent(ProfileUpdatedV1, published[0]?.data as EventEnvelope);
    expect(published[0]?.msgId).toBe(event.id);
    expect(event).toMatchObject({
      type: 'profiles.profile.updated.v1',
      aggregateVersion: 1,
      actorId: viewer.userId,
      causationId: null,
      payload: {
        accountId: viewer.userId,
        displayName: 'Ada Lovelace',
        bio: 'First programmer.',
        avatarUrl: 'https://cdn.example.com/ada.png',
      },
    });
  });

  it('leaves omitted fields unchanged, clears explicit nulls and resets the display name to the username', async () => {
    const viewer = aViewer();
    await updateProfile(harness.app.url, viewer, { displayName: 'Custom', bio: 'keep me', avatarUrl: 'https://example.com/a.png' });

    const cleared = await updateProfile(harness.app.url, viewer, { avatarUrl: null });
    expect(cleared.data?.updateProfile).toEqual({ id: viewer.userId, displayName: 'Custom', bio: 'keep me', avatarUrl: null });

    const reset = await updateProfile(harness.app.url, viewer, { displayName: null, bio: null });
    expect(reset.data?.updateProfile).toEqual({ id: viewer.userId, displayName: viewer.username, bio: null, avatarUrl: null });
    expect(await storedProfile(viewer.userId)).toMatchObject({ version: 3 });
  });

  it('answers UNAUTHENTICATED without an identity and writes nothing', async () => {
    const viewer = aViewer();

    const response = await updateProfile(harness.app.url, null, { bio: 'anonymous' });

    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    expect(await storedProfile(viewer.userId)).toBeNull();
    expect(await harness.app.prisma.profile.count({ where: { bio: 'anonymous' } })).toBe(0);
  });

  it('refuses a forged identity header', async () => {
    const response = await gql(
      harness.app.url,
      UPDATE_PROFILE,
      { input: { bio: 'forged' } },
      { headers: { [IDENTITY_HEADER]: 'not.a.jwt' } },
    );

    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await harness.app.prisma.profile.count({ where: { bio: 'forged' } })).toBe(0);
  });

  it.each([
    ['an empty display name', { displayName: '   ' }, 'displayName'],
    ['a 51-character display name', { displayName: 'x'.repeat(51) }, 'displayName'],
    ['a 501-character bio', { bio: 'b'.repeat(501) }, 'bio'],
    ['a javascript: avatar URL', { avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
    ['a relative avatar URL', { avatarUrl: '/me.png' }, 'avatarUrl'],
    ['a 2049-character avatar URL', { avatarUrl: `https://example.com/${'a'.repeat(2029)}` }, 'avatarUrl'],
  ])('rejects %s with BAD_USER_INPUT on that field', async (_label, input, field) => {
    const viewer = aViewer();
    await updateProfile(harness.app.url, viewer, { bio: 'before' });

    const response = await updateProfile(harness.app.url, viewer, { ...input, bio: (input as { bio?: string }).bio ?? 'after' });

    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field, reason: 'PROFILES.INVALID_INPUT' }) }),
    ]);
    expect(await storedProfile(viewer.userId)).toMatchObject({ bio: 'before', version: 1 });
  });

  it('serves the profile fields of many users through _entities, with nulls for users without a profile', async () => {
    const [withProfile, withoutProfile] = [aViewer(), aViewer()];
    await updateProfile(harness.app.url, withProfile, { bio: 'hello' });

    const upperCase = withProfile.userId.toUpperCase();

    const response = await entities(harness.app.url, [withoutProfile.userId, withProfile.userId, 'not-a-uuid', upperCase]);

    expect(response.errors).toBeUndefined();
    expect(response.data?._entities).toEqual([
      { id: withoutProfile.userId, displayName: null, bio: null, avatarUrl: null },
      { id: withProfile.userId, displayName: withProfile.username, bio: 'hello', avatarUrl: null },
      { id: 'not-a-uuid', displayName: null, bio: null, avatarUrl: null },
      { id: upperCase, displayName: withProfile.username, bio: 'hello', avatarUrl: null },
    ]);
  });
});

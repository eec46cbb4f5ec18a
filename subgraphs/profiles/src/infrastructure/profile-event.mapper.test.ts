import { parseEvent, ProfileCreatedV1, ProfileUpdatedV1 } from '@agora/events';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, T1 } from '../domain/profile/profile.mother';
import { toEnvelope } from './profile-event.mapper';

const metadata = { correlationId: 'req-1', causationId: '01935f0e-7a3c-7000-8000-0000000000e1', actorId: ACCOUNT_ID };

describe('profile event → envelope', () => {
  it('maps ProfileCreated to a valid profiles.profile.created.v1 envelope', () => {
    const envelope = toEnvelope(
      { type: 'ProfileCreated', accountId: ACCOUNT_ID, version: 1, occurredAt: T1, displayName: 'ada' },
      metadata,
    );

    expect(parseEvent(ProfileCreatedV1, JSON.parse(JSON.stringify(envelope)))).toMatchObject({
      type: 'profiles.profile.created.v1',
      aggregateId: ACCOUNT_ID,
      aggregateVersion: 1,
      occurredAt: T1.toISOString(),
      payload: { accountId: ACCOUNT_ID, displayName: 'ada' },
      ...metadata,
    });
  });

  it('maps ProfileUpdated with cleared fields to a valid profiles.profile.updated.v1 envelope', () => {
    const envelope = toEnvelope(
      { type: 'ProfileUpdated', accountId: ACCOUNT_ID, version: 3, occurredAt: T1, displayName: 'Ada', bio: null, avatarUrl: null },
      { ...metadata, causationId: null },
    );

    expect(parseEvent(ProfileUpdatedV1, JSON.parse(JSON.stringify(envelope)))).toMatchObject({
      type: 'profiles.profile.updated.v1',
      aggregateVersion: 3,
      causationId: null,
      payload: { accountId: ACCOUNT_ID, displayName: 'Ada', bio: null, avatarUrl: null },
    });
  });

  it('gives every envelope its own UUIDv7 id', () => {
    const event = { type: 'ProfileCreated', accountId: ACCOUNT_ID, version: 1, occurredAt: T1, displayName: 'ada' } as const;
    const [a, b] = [toEnvelope(event, metadata), toEnvelope(event, metadata)];
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { Profile } from './profile.aggregate';
import { ACCOUNT_ID, T0, T1, T2, aRegisteredProfile, avatarUrl, bio, displayName } from './profile.mother';

describe('Profile.register', () => {
  it('uses the username as display name and records ProfileCreated', () => {
    const profile = Profile.register({ accountId: ACCOUNT_ID, username: 'ada', at: T0 });

    expect(profile.snapshot()).toMatchObject({
      username: 'ada',
      displayName: 'ada',
      bio: null,
      avatarUrl: null,
      registeredAt: T0,
      version: 1,
    });
    expect(profile.persistedVersion).toBe(0);
    expect(profile.pullEvents()).toEqual([
      { type: 'ProfileCreated', accountId: ACCOUNT_ID, version: 1, occurredAt: T0, displayName: 'ada' },
    ]);
  });
});

describe('completeRegistration', () => {
  it('is a no-op for a profile already registered', () => {
    const profile = aRegisteredProfile();

    expect(profile.completeRegistration('ada', T1)).toBe(false);
    expect(profile.pullEvents()).toEqual([]);
    expect(profile.snapshot().version).toBe(1);
  });

  it('keeps the display name the owner chose before the registration arrived', () => {
    const profile = Profile.startedByOwner({ accountId: ACCOUNT_ID, knownUsername: null, at: T0 });
    profile.update({ displayName: displayName('Countess'), bio: bio('maths') }, T0);
    profile.pullEvents();

    expect(profile.completeRegistration('ada', T1)).toBe(true);

    expect(profile.snapshot()).toMatchObject({ username: 'ada', displayName: 'Countess', bio: 'maths', registeredAt: T1, version: 2 });
    expect(profile.pullEvents()).toEqual([
      { type: 'ProfileCreated', accountId: ACCOUNT_ID, version: 2, occurredAt: T1, displayName: 'Countess' },
    ]);
  });

  it('fills a display name the owner left missing with the username', () => {
    const profile = Profile.startedByOwner({ accountId: ACCOUNT_ID, knownUsername: null, at: T0 });
    profile.update({ bio: bio('maths') }, T0);

    profile.completeRegistration('ada', T1);

    expect(profile.snapshot()).toMatchObject({ displayName: 'ada', bio: 'maths' });
  });
});

describe('update', () => {
  it('changes only the fields given and records the resulting public state', () => {
    const profile = aRegisteredProfile({ bio: 'old bio', avatarUrl: 'https://example.com/old.png' });

    expect(profile.update({ displayName: displayName('Ada L.') }, T1)).toBe(true);

    expect(profile.snapshot()).toMatchObject({
      displayName: 'Ada L.',
      bio: 'old bio',
      avatarUrl: 'https://example.com/old.png',
      version: 2,
      updatedAt: T1,
    });
    expect(profile.pullEvents()).toEqual([
      {
        type: 'ProfileUpdated',
        accountId: ACCOUNT_ID,
        version: 2,
        occurredAt: T1,
        displayName: 'Ada L.',
        bio: 'old bio',
        avatarUrl: 'https://example.com/old.png',
      },
    ]);
  });

  it('clears bio and avatar on explicit null', () => {
    const profile = aRegisteredProfile({ bio: 'old bio', avatarUrl: 'https://example.com/old.png' });

    profile.update({ bio: null, avatarUrl: null }, T1);

    expect(profile.snapshot()).toMatchObject({ bio: null, avatarUrl: null });
  });

  it('resets the display name to the username on explicit null', () => {
    const profile = aRegisteredProfile({ displayName: 'Countess' });

    profile.update({ displayName: null }, T1);

    expect(profile.snapshot().displayName).toBe('ada');
  });

  it('records nothing when nothing changes', () => {
    const profile = aRegisteredProfile({ bio: 'same' });

    expect(profile.update({ bio: bio('same'), displayName: displayName('ada') }, T1)).toBe(false);
    expect(profile.update({}, T2)).toBe(false);

    expect(profile.pullEvents()).toEqual([]);
    expect(profile.snapshot()).toMatchObject({ version: 1, updatedAt: T0 });
  });

  it('brings a profile started by its owner into existence even without changes', () => {
    const profile = Profile.startedByOwner({ accountId: ACCOUNT_ID, knownUsername: 'ada', at: T0 });

    expect(profile.update({}, T0)).toBe(true);

    expect(profile.snapshot()).toMatchObject({ displayName: 'ada', registeredAt: null, version: 1 });
    expect(profile.pullEvents()).toEqual([
      expect.objectContaining({ type: 'ProfileUpdated', version: 1, displayName: 'ada', bio: null, avatarUrl: null }),
    ]);
  });

  it('leaves the display name null when reset before any username is known', () => {
    const profile = Profile.startedByOwner({ accountId: ACCOUNT_ID, knownUsername: null, at: T0 });

    profile.update({ displayName: null, avatarUrl: avatarUrl('https://example.com/a.png') }, T0);

    expect(profile.snapshot()).toMatchObject({ displayName: null, avatarUrl: 'https://example.com/a.png' });
  });
});

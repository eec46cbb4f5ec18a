import { describe, expect, it } from 'vitest';
import { changedSettings, DEFAULT_SETTINGS, switchFor, unsubscribed } from './settings';

describe('notification settings', () => {
  it('default to comment and mention mail on, follow and reaction off, no digest', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      emailOnFollow: false,
      emailOnComment: true,
      emailOnReaction: false,
      emailOnMention: true,
      digest: 'NEVER',
    });
  });

  it('change only the fields given', () => {
    expect(changedSettings(DEFAULT_SETTINGS, { emailOnFollow: true, digest: 'WEEKLY' })).toEqual({
      ...DEFAULT_SETTINGS,
      emailOnFollow: true,
      digest: 'WEEKLY',
    });
    expect(changedSettings(DEFAULT_SETTINGS, {})).toEqual(DEFAULT_SETTINGS);
  });

  it('mail a reply under the comment switch', () => {
    expect(switchFor('REPLIED')).toBe('emailOnComment');
    expect(switchFor('COMMENTED')).toBe('emailOnComment');
    expect(switchFor('FOLLOWED')).toBe('emailOnFollow');
    expect(switchFor('REACTED')).toBe('emailOnReaction');
    expect(switchFor('MENTIONED')).toBe('emailOnMention');
  });

  it('unsubscribe turns one switch off, or the digest to NEVER', () => {
    const all = { emailOnFollow: true, emailOnComment: true, emailOnReaction: true, emailOnMention: true, digest: 'DAILY' as const };
    expect(unsubscribed(all, 'emailOnComment')).toEqual({ ...all, emailOnComment: false });
    expect(unsubscribed(all, 'digest')).toEqual({ ...all, digest: 'NEVER' });
  });
});

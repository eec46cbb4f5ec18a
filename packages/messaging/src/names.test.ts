import { describe, expect, it } from 'vitest';
import { deadLetterSubject, durableName, kebabCase } from './names';

describe('durableName', () => {
  it('joins the context and the kebab-cased handler name with a double dash', () => {
    expect(durableName('profiles', 'CreateProfileOnAccountRegistered')).toBe('profiles--create-profile-on-account-registered');
  });

  it('keeps acronyms and digits together', () => {
    expect(kebabCase('RefreshURLOnPostEditedV2')).toBe('refresh-url-on-post-edited-v2');
    expect(kebabCase('already-kebab')).toBe('already-kebab');
  });

  it('rejects names NATS would not accept as one subject token', () => {
    expect(() => durableName('Profiles', 'X')).toThrow(/kebab-case/);
    expect(() => durableName('pro.files', 'X')).toThrow();
    expect(() => durableName('profiles', '...')).toThrow(/cannot be turned/);
  });
});

describe('deadLetterSubject', () => {
  it('prefixes the original subject with dlq and the durable', () => {
    expect(deadLetterSubject('feed--x', 'posts.post.published.v1')).toBe('dlq.feed.feed--x.posts.post.published.v1');
  });
});

import { describe, expect, it } from 'vitest';
import { pickEmail } from './openid-oauth-providers';

const entry = (email: string, primary: boolean, verified: boolean) => ({ email, primary, verified });

describe('pickEmail (GitHub /user/emails)', () => {
  it('takes the primary address, verified only when GitHub says so', () => {
    expect(pickEmail([entry('other@x.io', false, true), entry('main@x.io', true, true)], null)).toEqual({
      email: 'main@x.io',
      verified: true,
    });
    expect(pickEmail([entry('other@x.io', false, true), entry('main@x.io', true, false)], null)).toEqual({
      email: 'main@x.io',
      verified: false,
    });
  });

  it('falls back to a verified address, then to the public profile email (unverified)', () => {
    expect(pickEmail([entry('a@x.io', false, false), entry('b@x.io', false, true)], null)).toEqual({ email: 'b@x.io', verified: true });
    expect(pickEmail([], 'public@x.io')).toEqual({ email: 'public@x.io', verified: false });
    expect(pickEmail([], null)).toEqual({ email: null, verified: false });
  });
});

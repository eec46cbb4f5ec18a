import { describe, expect, it } from 'vitest';
import { Account } from './account.aggregate';
import { emailSchema } from './email';
import { usernameSchema } from './username';

const props = () => ({
  id: '0190c6f0-0000-7000-8000-000000000001',
  email: emailSchema.parse('ana@example.com'),
  username: usernameSchema.parse('ana'),
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
});

describe('Account', () => {
  it('records AccountRegistered once when registered', () => {
    const account = Account.register(props());
    expect(account.pullEvents()).toEqual([
      { type: 'AccountRegistered', accountId: props().id, username: 'ana', registeredAt: props().createdAt },
    ]);
    expect(account.pullEvents()).toEqual([]);
  });

  it('records nothing when restored from storage', () => {
    expect(Account.restore(props()).pullEvents()).toEqual([]);
  });
});

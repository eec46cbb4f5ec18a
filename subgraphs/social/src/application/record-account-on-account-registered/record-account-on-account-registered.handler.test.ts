import { describe, expect, it } from 'vitest';
import { BOB, T1 } from '../../domain/social.mother';
import { setup } from '../testing/handlers.mother';
import { recordAccountOnAccountRegistered } from './record-account-on-account-registered.handler';

const CONSUMER = 'social--record-account-on-account-registered';
const registered = (id: string, accountId = BOB) => ({
  id,
  payload: { accountId, username: 'bob', registeredAt: '2026-01-01T09:00:00.000Z' },
});

describe('RecordAccountOnAccountRegistered', () => {
  it('records the account once and emits nothing', async () => {
    const deps = setup();
    const handler = deps.consumer(recordAccountOnAccountRegistered, CONSUMER);

    expect(await handler.deliver(registered('01935f0e-7a3c-7000-8000-0000000000e1'))).toBe(true);

    expect(deps.unitOfWork.tables.accounts.get(BOB)).toEqual({
      username: 'bob',
      registeredAt: new Date('2026-01-01T09:00:00.000Z'),
      recordedAt: T1,
    });
    expect(deps.unitOfWork.outbox).toEqual([]);
  });

  it('skips a redelivered event and absorbs a second registration event of the same account', async () => {
    const deps = setup();
    const handler = deps.consumer(recordAccountOnAccountRegistered, CONSUMER);
    await handler.deliver(registered('01935f0e-7a3c-7000-8000-0000000000e1'));

    expect(await handler.deliver(registered('01935f0e-7a3c-7000-8000-0000000000e1'))).toBe(false);
    expect(await handler.deliver(registered('01935f0e-7a3c-7000-8000-0000000000e2'))).toBe(true);

    expect(deps.unitOfWork.tables.accounts.size).toBe(1);
    expect(deps.unitOfWork.inbox.size).toBe(2);
  });

  it('stores the id in canonical lower case', async () => {
    const deps = setup();

    await deps
      .consumer(recordAccountOnAccountRegistered, CONSUMER)
      .deliver(registered('01935f0e-7a3c-7000-8000-0000000000e1', BOB.toUpperCase()));

    expect(deps.unitOfWork.tables.accounts.has(BOB)).toBe(true);
  });
});

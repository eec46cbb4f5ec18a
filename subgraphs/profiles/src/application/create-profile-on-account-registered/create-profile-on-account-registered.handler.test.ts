import type { TestDelivery } from '@agora/context-runtime';
import type { AccountRegisteredV1, PayloadOf } from '@agora/events';
import { describe, expect, it } from 'vitest';
import { Profile } from '../../domain/profile';
import { ACCOUNT_ID, T0, T1, aProfileState, displayName } from '../../domain/profile/profile.mother';
import { setup } from '../testing/use-cases.mother';

type AccountRegistered = TestDelivery<PayloadOf<typeof AccountRegisteredV1>>;

const anAccountRegistered = (overrides: Partial<AccountRegistered> = {}): AccountRegistered => ({
  id: '01935f0e-7a3c-7000-8000-0000000000e1',
  correlationId: 'req-1',
  actorId: ACCOUNT_ID,
  payload: { accountId: ACCOUNT_ID, username: 'ada', registeredAt: T0.toISOString() },
  ...overrides,
});

describe('CreateProfileOnAccountRegistered', () => {
  it('creates the profile with the username as display name and emits ProfileCreated', async () => {
    const { unitOfWork, registration } = setup();

    expect(await registration.deliver(anAccountRegistered())).toBe(true);

    expect(unitOfWork.profiles.get(ACCOUNT_ID)).toMatchObject({ username: 'ada', displayName: 'ada', registeredAt: T1, version: 1 });
    expect(unitOfWork.outbox).toEqual([
      {
        event: { type: 'ProfileCreated', accountId: ACCOUNT_ID, version: 1, occurredAt: T1, displayName: 'ada' },
        metadata: { correlationId: 'req-1', causationId: '01935f0e-7a3c-7000-8000-0000000000e1', actorId: ACCOUNT_ID },
      },
    ]);
  });

  it('does nothing the second time the same event is delivered', async () => {
    const { unitOfWork, registration } = setup();
    await registration.deliver(anAccountRegistered());

    expect(await registration.deliver(anAccountRegistered())).toBe(false);

    expect(unitOfWork.profiles.size).toBe(1);
    expect(unitOfWork.outbox).toHaveLength(1);
  });

  it('creates no second profile or event for a second registration event of the same account', async () => {
    const { unitOfWork, registration } = setup();
    await registration.deliver(anAccountRegistered());

    expect(await registration.deliver(anAccountRegistered({ id: '01935f0e-7a3c-7000-8000-0000000000e2' }))).toBe(true);

    expect(unitOfWork.profiles.get(ACCOUNT_ID)?.version).toBe(1);
    expect(unitOfWork.outbox).toHaveLength(1);
  });

  it('keeps what the owner set before the event and fills only the missing display name', async () => {
    const { unitOfWork, registration } = setup();
    unitOfWork.profiles.set(
      ACCOUNT_ID,
      aProfileState({
        username: null,
        displayName: null,
        bio: 'early bio',
        avatarUrl: 'https://example.com/a.png',
        registeredAt: null,
        version: 1,
      }),
    );

    await registration.deliver(anAccountRegistered());

    expect(unitOfWork.profiles.get(ACCOUNT_ID)).toMatchObject({
      username: 'ada',
      displayName: 'ada',
      bio: 'early bio',
      avatarUrl: 'https://example.com/a.png',
      registeredAt: T1,
      version: 2,
    });
    expect(unitOfWork.outbox.map((entry) => entry.event)).toEqual([
      { type: 'ProfileCreated', accountId: ACCOUNT_ID, version: 2, occurredAt: T1, displayName: 'ada' },
    ]);
  });

  it("keeps the owner's display name when the event arrives later", async () => {
    const { unitOfWork, registration } = setup();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState({ displayName: 'Countess', registeredAt: null, createdAt: T0 }));

    await registration.deliver(anAccountRegistered());

    expect(unitOfWork.profiles.get(ACCOUNT_ID)?.displayName).toBe('Countess');
  });

  it("retries when the owner's first update commits between its read and its write", async () => {
    const { unitOfWork, registration } = setup();
    unitOfWork.afterNextRead = async () => {
      await unitOfWork.run(async ({ profiles, outbox }) => {
        const early = Profile.startedByOwner({ accountId: ACCOUNT_ID, knownUsername: 'ada', at: T0 });
        early.update({ displayName: displayName('Countess') }, T0);
        await profiles.save(early);
        await outbox.append(early.pullEvents(), { correlationId: 'req-0', causationId: null, actorId: ACCOUNT_ID });
      });
    };

    await registration.deliver(anAccountRegistered());

    expect(unitOfWork.profiles.get(ACCOUNT_ID)).toMatchObject({ displayName: 'Countess', registeredAt: T1, version: 2 });
    expect(unitOfWork.outbox.map((entry) => entry.event.type)).toEqual(['ProfileUpdated', 'ProfileCreated']);
    expect(unitOfWork.inbox.size).toBe(1);
  });
});

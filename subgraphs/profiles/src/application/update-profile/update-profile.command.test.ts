import { DomainError } from '@agora/service-kit';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, T0, T1, aProfileState } from '../../domain/profile/profile.mother';
import { avatarUrlOf } from '../profile.view';
import { setup } from '../testing/use-cases.mother';
import { updateProfile } from './update-profile.command';

const viewer = { userId: ACCOUNT_ID, username: 'ada' };
const MEDIA_ID = '01900000-0000-7000-8000-0000000ed1a0';

/** The use cases over an in-memory unit of work; `update(input)` is the viewer's `updateProfile`. */
function arrange() {
  const deps = setup();
  const command = deps.commands.bind(updateProfile);
  return { ...deps, update: (input: unknown) => command.execute({ viewer, input, requestId: 'req-9' }) };
}

const registered = {
  id: 'e1',
  correlationId: 'c',
  actorId: null,
  payload: { accountId: ACCOUNT_ID, username: 'ada', registeredAt: T0.toISOString() },
};

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('UpdateProfile', () => {
  it("updates the viewer's profile, returns its view and emits ProfileUpdated", async () => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState());

    const view = await update({ displayName: '  Ada Lovelace ', bio: 'Analyst', avatarUrl: 'https://example.com/ada.png' });

    expect(view).toEqual({
      id: ACCOUNT_ID,
      displayName: 'Ada Lovelace',
      bio: 'Analyst',
      avatarUrl: 'https://example.com/ada.png',
      mediaAvatar: false,
    });
    expect(unitOfWork.profiles.get(ACCOUNT_ID)).toMatchObject({ displayName: 'Ada Lovelace', version: 2, updatedAt: T1 });
    expect(unitOfWork.outbox).toEqual([
      {
        event: {
          type: 'ProfileUpdated',
          accountId: ACCOUNT_ID,
          version: 2,
          occurredAt: T1,
          displayName: 'Ada Lovelace',
          bio: 'Analyst',
          avatarUrl: 'https://example.com/ada.png',
        },
        metadata: { correlationId: 'req-9', causationId: null, actorId: ACCOUNT_ID },
      },
    ]);
  });

  it('leaves omitted fields unchanged and clears the ones given as null', async () => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState({ displayName: 'Countess', bio: 'Analyst', avatarUrl: 'https://example.com/a.png' }));

    const view = await update({ avatarUrl: null });

    expect(view).toEqual({ id: ACCOUNT_ID, displayName: 'Countess', bio: 'Analyst', avatarUrl: null, mediaAvatar: false });
  });

  it('resets the display name to the username when given null', async () => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState({ displayName: 'Countess' }));

    expect((await update({ displayName: null })).displayName).toBe('ada');
  });

  it('writes and emits nothing when nothing changes', async () => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState({ bio: 'Analyst' }));

    await update({ bio: ' Analyst ' });

    expect(unitOfWork.profiles.get(ACCOUNT_ID)?.version).toBe(1);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it.each([
    [{ displayName: '   ' }, 'displayName'],
    [{ displayName: 'x'.repeat(51) }, 'displayName'],
    [{ bio: 'b'.repeat(501) }, 'bio'],
    [{ avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
    [{ displayName: 'Alice\u202E' }, 'displayName'],
    [{ displayName: 'two\nlines' }, 'displayName'],
    [{ displayName: '\u200B\u200C' }, 'displayName'],
    [{ bio: 'escape \u001B[31m' }, 'bio'],
    [{ bio: '\uFEFF\u2060' }, 'bio'],
    [{ avatarUrl: `https://example.com/${'a'.repeat(2048)}` }, 'avatarUrl'],
  ])('rejects %j as BAD_USER_INPUT on field %s without writing', async (input, field) => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState());

    const error = await rejection(update(input));

    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error.reason).toMatch(/^PROFILES\./);
    expect(unitOfWork.profiles.get(ACCOUNT_ID)?.version).toBe(1);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it.each([
    [{ displayName: 'Alice\u2066x' }, 'PROFILES.BIDI_CONTROL'],
    [{ bio: 'x\u0000' }, 'PROFILES.CONTROL_CHARACTER'],
    [{ displayName: '\u3164' }, 'PROFILES.INVISIBLE_TEXT'],
  ])('names the user-text rule that refused %j', async (input, reason) => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState());
    expect(await rejection(update(input))).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('starts the profile when the registration event has not arrived yet', async () => {
    const { unitOfWork, update } = arrange();

    const view = await update({ bio: 'early' });

    expect(view).toEqual({ id: ACCOUNT_ID, displayName: 'ada', bio: 'early', avatarUrl: null, mediaAvatar: false });
    expect(unitOfWork.profiles.get(ACCOUNT_ID)).toMatchObject({ registeredAt: null, version: 1 });
    expect(unitOfWork.outbox.map((entry) => entry.event.type)).toEqual(['ProfileUpdated']);
  });

  it('ends in the same state whichever comes first, the update or the registration', async () => {
    const updateFirst = arrange();
    await updateFirst.update({ displayName: 'Countess', bio: 'maths' });
    await updateFirst.registration.deliver(registered);

    const registrationFirst = arrange();
    await registrationFirst.registration.deliver(registered);
    await registrationFirst.update({ displayName: 'Countess', bio: 'maths' });

    const pick = ({ username, displayName, bio, avatarUrl, registeredAt }: ReturnType<typeof aProfileState>) => ({
      username,
      displayName,
      bio,
      avatarUrl,
      registeredAt,
    });
    expect(pick(updateFirst.unitOfWork.profiles.get(ACCOUNT_ID)!)).toEqual(pick(registrationFirst.unitOfWork.profiles.get(ACCOUNT_ID)!));
    expect(pick(updateFirst.unitOfWork.profiles.get(ACCOUNT_ID)!)).toEqual({
      username: 'ada',
      displayName: 'Countess',
      bio: 'maths',
      avatarUrl: null,
      registeredAt: T1,
    });
  });

  it('retries when the registration commits between its read and its write', async () => {
    const { unitOfWork, update, registration } = arrange();
    unitOfWork.afterNextRead = async () => {
      await registration.deliver(registered);
    };

    const view = await update({ bio: 'raced' });

    expect(view).toMatchObject({ displayName: 'ada', bio: 'raced' });
    expect(unitOfWork.profiles.get(ACCOUNT_ID)).toMatchObject({ registeredAt: T1, version: 2 });
    expect(unitOfWork.outbox.map((entry) => entry.event.type)).toEqual(['ProfileCreated', 'ProfileUpdated']);
  });

  it('gives up with CONFLICT when every attempt loses the race', async () => {
    const { unitOfWork, update } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState());
    let competingWrites = 0;
    const compete = async () => {
      competingWrites++;
      const state = unitOfWork.profiles.get(ACCOUNT_ID)!;
      unitOfWork.profiles.set(ACCOUNT_ID, { ...state, version: state.version + 1 });
      unitOfWork.afterNextRead = competingWrites < 5 ? compete : undefined;
    };
    unitOfWork.afterNextRead = compete;

    const error = await rejection(update({ bio: 'never' }));

    expect(error).toMatchObject({ code: 'CONFLICT', reason: 'PROFILES.CONCURRENT_UPDATE' });
    expect(competingWrites).toBe(3);
    expect(unitOfWork.outbox).toEqual([]);
  });

  it('says whether media has set an avatar, as the replica knows it, so the answer shows the same avatarUrl as a read', async () => {
    const { unitOfWork, update, profileImages } = arrange();
    unitOfWork.profiles.set(ACCOUNT_ID, aProfileState({ avatarUrl: 'https://example.com/typed.png' }));
    const changed = (n: number, mediaId: string | null) => ({
      id: `01900000-0000-7000-8000-00000000000${n}`,
      payload: { userId: ACCOUNT_ID, slot: 'AVATAR', mediaId, changedAt: new Date(T0.getTime() + n * 1000).toISOString() },
    });

    await profileImages.deliver(changed(1, MEDIA_ID));
    const view = await update({ bio: 'with a media avatar' });
    expect(view).toMatchObject({ avatarUrl: 'https://example.com/typed.png', mediaAvatar: true });
    expect(avatarUrlOf(view, 'https://agora.example')).toBe(`https://agora.example/media/users/${ACCOUNT_ID}/avatar`);

    await profileImages.deliver(changed(2, null));
    const cleared = await update({ bio: 'typed again' });
    expect(cleared.mediaAvatar).toBe(false);
    expect(avatarUrlOf(cleared, 'https://agora.example')).toBe('https://example.com/typed.png');
  });
});

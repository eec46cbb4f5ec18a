import { describe, expect, it } from 'vitest';
import { ALICE, BOB, UNKNOWN, aMediaItem, as, rejection, setup } from '../testing/handlers.mother';
import { setMediaCaption } from './set-media-caption.command';

function arrange() {
  const deps = setup();
  const item = aMediaItem({ caption: 'old' });
  deps.unitOfWork.store(item);
  return { ...deps, item, set: deps.commands.bind(setMediaCaption) };
}

describe('SetMediaCaption', () => {
  it('sets a trimmed caption of up to 2200 characters, and clears it with null or blanks', async () => {
    const { unitOfWork, item, set } = arrange();

    expect(await set.execute(as(ALICE, { id: item.id, caption: '  sunset  ' }))).toMatchObject({ id: item.id, caption: 'sunset' });
    expect(unitOfWork.tables.media.get(item.id)?.caption).toBe('sunset');
    await set.execute(as(ALICE, { id: item.id, caption: 'é'.repeat(2200) }));
    expect(unitOfWork.tables.media.get(item.id)?.caption).toHaveLength(2200);
    await set.execute(as(ALICE, { id: item.id, caption: null }));
    expect(unitOfWork.tables.media.get(item.id)?.caption).toBeNull();
    await set.execute(as(ALICE, { id: item.id, caption: 'again' }));
    await set.execute(as(ALICE, { id: item.id, caption: '   ' }));
    expect(unitOfWork.tables.media.get(item.id)?.caption).toBeNull();
  });

  it.each([
    [
      'a caption over 2200 characters',
      ALICE,
      (id: string) => ({ id, caption: 'x'.repeat(2201) }),
      { code: 'BAD_USER_INPUT', reason: 'MEDIA.CAPTION_TOO_LONG', field: 'caption' },
    ],
    [
      'a caption with a bidi override',
      ALICE,
      (id: string) => ({ id, caption: 'cat \u202Egpj.exe' }),
      { code: 'BAD_USER_INPUT', reason: 'MEDIA.BIDI_CONTROL', field: 'caption' },
    ],
    [
      'a caption with a control character',
      ALICE,
      (id: string) => ({ id, caption: 'cat\u0085' }),
      { code: 'BAD_USER_INPUT', reason: 'MEDIA.CONTROL_CHARACTER', field: 'caption' },
    ],
    [
      'a caption of only invisible characters',
      ALICE,
      (id: string) => ({ id, caption: '\u200B\u180E' }),
      { code: 'BAD_USER_INPUT', reason: 'MEDIA.INVISIBLE_TEXT', field: 'caption' },
    ],
    ["someone else's item", BOB, (id: string) => ({ id, caption: 'mine now' }), { code: 'FORBIDDEN', reason: 'MEDIA.NOT_OWNER' }],
    ['an unknown item', ALICE, () => ({ id: UNKNOWN, caption: 'x' }), { code: 'NOT_FOUND', reason: 'MEDIA.NOT_FOUND', field: 'id' }],
  ])('refuses %s and changes nothing', async (_label, viewer, input, expected) => {
    const { unitOfWork, item, set } = arrange();
    expect(await rejection(set.execute(as(viewer, input(item.id))))).toMatchObject(expected);
    expect(unitOfWork.tables.media.get(item.id)?.caption).toBe('old');
  });
});

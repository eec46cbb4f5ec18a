import { describe, expect, it } from 'vitest';
import { ALICE, T1, as, rejection, setup } from '../testing/handlers.mother';
import { createAlbum } from './create-album.command';

describe('CreateAlbum', () => {
  it('creates an empty PUBLIC album of the viewer with a trimmed title, FOLLOWERS when asked', async () => {
    const deps = setup();
    const create = deps.commands.bind(createAlbum);

    const album = await create.execute(as(ALICE, { title: '  Summer ' }));
    const followers = await create.execute(as(ALICE, { title: 'Family', visibility: 'FOLLOWERS' }));

    expect(album).toEqual({ id: expect.any(String), ownerId: ALICE, title: 'Summer', visibility: 'PUBLIC', coverId: null, createdAt: T1 });
    expect(followers.visibility).toBe('FOLLOWERS');
    expect([...deps.unitOfWork.tables.albums.keys()]).toEqual([album.id, followers.id]);
  });

  it.each([
    ['a blank title', { title: '  ' }, 'MEDIA.INVALID_INPUT', 'title'],
    ['a 101-character title', { title: 't'.repeat(101) }, 'MEDIA.INVALID_INPUT', 'title'],
    ['a title with a bidi override', { title: 'Trip \u202Dx' }, 'MEDIA.BIDI_CONTROL', 'title'],
    ['a title of only zero-width characters', { title: '\u200B' }, 'MEDIA.INVISIBLE_TEXT', 'title'],
    ['a title with a line break', { title: 'two\nlines' }, 'MEDIA.CONTROL_CHARACTER', 'title'],
    ['CIRCLE visibility', { title: 'x', visibility: 'CIRCLE' }, 'MEDIA.ALBUM_VISIBILITY_UNSUPPORTED', 'visibility'],
  ])('refuses %s', async (_label, input, reason, field) => {
    const deps = setup();
    expect(await rejection(deps.commands.bind(createAlbum).execute(as(ALICE, input)))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason,
      field,
    });
    expect(deps.unitOfWork.tables.albums.size).toBe(0);
  });
});

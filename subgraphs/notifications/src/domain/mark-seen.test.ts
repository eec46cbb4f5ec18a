import { describe, expect, it } from 'vitest';
import { seenSelection } from './mark-seen';
import { NotificationsError } from './notifications.errors';

const ID = '01900000-0000-7000-8000-0000000000A1';

describe('seenSelection', () => {
  it('is "all" when ids are omitted', () => {
    expect(seenSelection(undefined)).toEqual({ all: true });
    expect(seenSelection(null)).toEqual({ all: true });
  });

  it('keeps distinct ids in lower case; an empty list selects nothing', () => {
    expect(seenSelection([ID, ID.toLowerCase()])).toEqual({ all: false, ids: [ID.toLowerCase()] });
    expect(seenSelection([])).toEqual({ all: false, ids: [] });
  });

  it('refuses malformed ids and more than 100 with BAD_USER_INPUT on `ids`', () => {
    for (const ids of [['nope'], [ID, ''], Array.from({ length: 101 }, () => ID)]) {
      const error = (() => {
        try {
          seenSelection(ids);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(NotificationsError);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOTIFICATIONS.INVALID_IDS', field: 'ids' });
    }
    expect(() => seenSelection(Array.from({ length: 100 }, () => ID))).not.toThrow();
  });
});

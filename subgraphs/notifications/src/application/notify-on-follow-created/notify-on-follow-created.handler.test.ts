import { describe, expect, it } from 'vitest';
import { aPerson, followCreated } from '../testing/events.mother';
import { handlersMother } from '../testing/handlers.mother';

describe('NotifyOnFollowCreated', () => {
  it('tells the followee who followed them, once per event however often it is delivered', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    const event = followCreated(bob, ann);

    expect(await on.followCreated(event)).toBe(true);
    expect(await on.followCreated(event)).toBe(false);

    expect(seenBy(ann.userId)).toEqual([['FOLLOWED', bob.userId, null, null]]);
    expect(store.of(ann.userId)[0]).toMatchObject({ sourceEventId: event.id, at: new Date(event.payload.at), seenAt: null });
    expect(seenBy(bob.userId)).toEqual([]);
  });

  it('notifies nobody across a block', async () => {
    const { store, on, seenBy } = handlersMother();
    const [ann, bob] = [aPerson('ann'), aPerson('bob')];
    store.know({ kind: 'block', blockerId: ann.userId, blockedId: bob.userId, version: 1, active: true });

    await on.followCreated(followCreated(bob, ann));

    expect(seenBy(ann.userId)).toEqual([]);
  });
});

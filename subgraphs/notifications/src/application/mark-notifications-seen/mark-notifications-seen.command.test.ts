import { describe, expect, it } from 'vitest';
import { NotificationsError } from '../../domain/notifications.errors';
import { aPerson, followCreated } from '../testing/events.mother';
import { asViewer, handlersMother } from '../testing/handlers.mother';

describe('MarkNotificationsSeen', () => {
  async function arrange() {
    const mother = handlersMother();
    const [ann, bob, cat, dan] = [aPerson('ann'), aPerson('bob'), aPerson('cat'), aPerson('dan')];
    for (const follower of [bob, cat, dan]) await mother.on.followCreated(followCreated(follower, ann));
    await mother.on.followCreated(followCreated(ann, bob));
    const ids = mother.store.of(ann.userId).map((n) => n.id);
    return { ...mother, ann, bob, ids };
  }

  it('marks the given ids seen and counts only those that changed; others’ ids change nothing', async () => {
    const { handlers, store, ann, bob, ids } = await arrange();
    const bobs = store.of(bob.userId)[0]!.id;

    expect(await handlers.markSeen.execute(asViewer(ann.userId, { ids: [ids[0]!, bobs] }))).toBe(1);
    expect(await handlers.markSeen.execute(asViewer(ann.userId, { ids: [ids[0]!, ids[1]!] }))).toBe(1);
    expect(store.of(ann.userId).map((n) => n.seenAt !== null)).toEqual([true, true, false]);
    expect(store.of(bob.userId)[0]!.seenAt).toBeNull();
  });

  it('marks all when ids are omitted; an empty list marks nothing', async () => {
    const { handlers, ann } = await arrange();

    expect(await handlers.markSeen.execute(asViewer(ann.userId, { ids: [] }))).toBe(0);
    expect(await handlers.markSeen.execute(asViewer(ann.userId, {}))).toBe(3);
    expect(await handlers.markSeen.execute(asViewer(ann.userId, { ids: null }))).toBe(0);
  });

  it('refuses malformed ids before writing anything', async () => {
    const { handlers, store, ann, ids } = await arrange();

    await expect(handlers.markSeen.execute(asViewer(ann.userId, { ids: [ids[0]!, 'x'] }))).rejects.toBeInstanceOf(NotificationsError);
    expect(store.of(ann.userId).every((n) => n.seenAt === null)).toBe(true);
  });
});

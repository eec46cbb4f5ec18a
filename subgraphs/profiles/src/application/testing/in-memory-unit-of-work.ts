import { ConcurrentModificationError, type EventMetadata } from '@agora/kernel';
import { Profile, type ProfileEvent, type ProfileState } from '../../domain/profile';
import type { ProfileImageFact, ProfileRepository, TransactionScope, UnitOfWork } from '../ports';

export interface OutboxEntry {
  event: ProfileEvent;
  metadata: EventMetadata;
}

/**
 * In-memory UnitOfWork for use-case tests. Behaves like the database where it matters: writes
 * and outbox entries become visible only when the work succeeds, reads see the latest committed
 * state (READ COMMITTED), saves check the stored version, and the inbox makes `runOnce` run once.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  readonly profiles = new Map<string, ProfileState>();
  readonly outbox: OutboxEntry[] = [];
  readonly inbox = new Set<string>();
  /** The replica of media's profile image slots, keyed `<userId>/<slot>` (last writer wins by changedAt, like profile_image). */
  readonly profileImages = new Map<string, ProfileImageFact>();
  /** Test hook, run once after the next profile read: lets a test commit a competing transaction there. */
  afterNextRead: (() => Promise<void>) | undefined;

  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const writes = new Map<string, ProfileState>();
    const appended: OutboxEntry[] = [];
    const images = new Map<string, ProfileImageFact>();
    const repository: ProfileRepository = {
      findById: async (accountId) => {
        const state = writes.get(accountId) ?? this.profiles.get(accountId);
        const hook = this.afterNextRead;
        this.afterNextRead = undefined;
        if (hook) await hook();
        return state ? Profile.restore(state) : null;
      },
      save: async (profile) => {
        const stored = writes.get(profile.accountId) ?? this.profiles.get(profile.accountId);
        const storedVersion = stored?.version ?? 0;
        if (storedVersion !== profile.persistedVersion) throw new ConcurrentModificationError(`profile ${profile.accountId}`);
        writes.set(profile.accountId, profile.snapshot());
      },
    };
    const result = await work({
      profiles: repository,
      profileImages: {
        record: async (fact) => {
          const key = `${fact.userId}/${fact.slot}`;
          const current = images.get(key) ?? this.profileImages.get(key);
          if (!current || current.changedAt < fact.changedAt) images.set(key, fact);
        },
        hasAvatar: async (userId) => (images.get(`${userId}/AVATAR`) ?? this.profileImages.get(`${userId}/AVATAR`))?.mediaId != null,
      },
      outbox: { append: async (events, metadata) => void appended.push(...events.map((event) => ({ event, metadata }))) },
    });
    for (const [id, state] of writes) this.profiles.set(id, state);
    for (const [key, fact] of images) this.profileImages.set(key, fact);
    this.outbox.push(...appended);
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    const key = `${consumer}/${eventId}`;
    if (this.inbox.has(key)) return false;
    await this.run(work);
    this.inbox.add(key);
    return true;
  }
}

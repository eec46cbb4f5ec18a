import { Circle, type CircleState } from '../../domain/circle';
import { UserPair, type Relationship } from '../../domain/relationship';
import { SocialError } from '../../domain/social.errors';
import { ConcurrentModificationError, type EventMetadata } from '@agora/kernel';
import type { MembershipBetween, SocialEvent, TransactionScope, UnitOfWork } from '../ports';

export interface OutboxEntry {
  event: SocialEvent;
  metadata: EventMetadata;
}

interface Tables {
  accounts: Map<string, { username: string; registeredAt: Date; recordedAt: Date }>;
  /** `${from}>${to}` → relationship. */
  follows: Map<string, Relationship>;
  blocks: Map<string, Relationship>;
  circles: Map<string, CircleState>;
  /** `${circleId}>${memberId}` → membership. */
  members: Map<string, Relationship>;
}

const key = (from: string, to: string) => `${from}>${to}`;
const copy = (tables: Tables): Tables => ({
  accounts: new Map(tables.accounts),
  follows: new Map(tables.follows),
  blocks: new Map(tables.blocks),
  circles: new Map(tables.circles),
  members: new Map(tables.members),
});

/**
 * In-memory UnitOfWork for use-case tests. Behaves like the database where it matters: a
 * transaction works on a copy and its writes and outbox entries become visible only when it
 * succeeds (nothing half-written), writes check the stored version, deleting a circle deletes its
 * memberships, names are unique per owner, and the inbox makes `runOnce` run once.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  tables: Tables = { accounts: new Map(), follows: new Map(), blocks: new Map(), circles: new Map(), members: new Map() };
  readonly outbox: OutboxEntry[] = [];
  readonly inbox = new Set<string>();

  // ── arrangement helpers for tests ─────────────────────────────────────────────────────────────
  knowAccount(id: string, username = `user_${id.slice(-4)}`): void {
    this.tables.accounts.set(id, { username, registeredAt: new Date(0), recordedAt: new Date(0) });
  }
  follow(from: string, to: string): Relationship | undefined {
    return this.tables.follows.get(key(from, to));
  }
  block(from: string, to: string): Relationship | undefined {
    return this.tables.blocks.get(key(from, to));
  }
  membership(circleId: string, memberId: string): Relationship | undefined {
    return this.tables.members.get(key(circleId, memberId));
  }
  setFollow(from: string, to: string, relationship: Relationship): void {
    this.tables.follows.set(key(from, to), relationship);
  }
  setMembership(circleId: string, memberId: string, relationship: Relationship): void {
    this.tables.members.set(key(circleId, memberId), relationship);
  }
  events(): SocialEvent[] {
    return this.outbox.map((entry) => entry.event);
  }

  // ── UnitOfWork ─────────────────────────────────────────────────────────────────────────────────
  async run<R>(work: (scope: TransactionScope) => Promise<R>): Promise<R> {
    const tx = copy(this.tables);
    const appended: OutboxEntry[] = [];
    const result = await work(this.scope(tx, appended));
    this.tables = tx;
    this.outbox.push(...appended);
    return result;
  }

  async runOnce(consumer: string, eventId: string, work: (scope: TransactionScope) => Promise<void>): Promise<boolean> {
    const inboxKey = `${consumer}/${eventId}`;
    if (this.inbox.has(inboxKey)) return false;
    await this.run(work);
    this.inbox.add(inboxKey);
    return true;
  }

  private scope(tx: Tables, appended: OutboxEntry[]): TransactionScope {
    const writeRelationship = (table: Map<string, Relationship>, k: string, previousVersion: number, next: Relationship) => {
      if ((table.get(k)?.version ?? 0) !== previousVersion) throw new ConcurrentModificationError(k);
      table.set(k, next);
    };
    const nameKeyOf = (state: CircleState) => Circle.restore(state).nameKey;

    return {
      accounts: {
        exists: async (id) => tx.accounts.has(id),
        record: async (account, at) => {
          if (tx.accounts.has(account.id)) return false;
          tx.accounts.set(account.id, { username: account.username, registeredAt: account.registeredAt, recordedAt: at });
          return true;
        },
      },
      pairs: {
        loadForUpdate: async (actorId, otherId) =>
          UserPair.restore({
            actorId,
            otherId,
            following: tx.follows.get(key(actorId, otherId)) ?? null,
            followedBy: tx.follows.get(key(otherId, actorId)) ?? null,
            blocking: tx.blocks.get(key(actorId, otherId)) ?? null,
            blockedBy: tx.blocks.get(key(otherId, actorId)) ?? null,
          }),
        save: async (pair) => {
          for (const change of pair.pullChanges()) {
            const table = change.kind === 'follow' ? tx.follows : tx.blocks;
            writeRelationship(table, key(change.fromId, change.toId), change.previousVersion, change.next);
          }
        },
      },
      circles: {
        lockOwner: async () => {},
        countOwnedBy: async (ownerId) => [...tx.circles.values()].filter((c) => c.ownerId === ownerId).length,
        nameTaken: async (ownerId, nameKey, except) =>
          [...tx.circles.values()].some((c) => c.ownerId === ownerId && c.id !== except && nameKeyOf(c) === nameKey),
        findForUpdate: async (id) => {
          const state = tx.circles.get(id);
          return state ? Circle.restore(state) : null;
        },
        findMembershipForUpdate: async (circleId, memberId) => tx.members.get(key(circleId, memberId)) ?? null,
        countMembers: async (circleId) =>
          [...tx.members.entries()].filter(([k, m]) => k.startsWith(`${circleId}>`) && m.state === 'ACTIVE').length,
        findMembershipsBetween: async (a, b) => {
          const found: MembershipBetween[] = [];
          for (const [k, membership] of tx.members) {
            const [circleId, memberId] = k.split('>') as [string, string];
            const state = tx.circles.get(circleId)!;
            const between = (state.ownerId === a && memberId === b) || (state.ownerId === b && memberId === a);
            if (between && membership.state === 'ACTIVE') found.push({ circle: Circle.restore(state), memberId, membership });
          }
          return found;
        },
        save: async (circle) => {
          const state = circle.snapshot();
          const stored = tx.circles.get(state.id);
          if ((stored?.version ?? 0) !== circle.persistedVersion) throw new ConcurrentModificationError(`circle ${state.id}`);
          if (circle.isDeleted) {
            tx.circles.delete(state.id);
            for (const k of [...tx.members.keys()]) if (k.startsWith(`${state.id}>`)) tx.members.delete(k);
            return;
          }
          const clash = [...tx.circles.values()].some(
            (c) => c.ownerId === state.ownerId && c.id !== state.id && nameKeyOf(c) === circle.nameKey,
          );
          if (clash) throw SocialError.circleNameTaken();
          tx.circles.set(state.id, state);
          for (const change of circle.pullMembershipChanges()) {
            writeRelationship(tx.members, key(state.id, change.memberId), change.previousVersion, change.next);
          }
        },
      },
      outbox: {
        append: async (events, metadata) => void appended.push(...events.map((event) => ({ event, metadata }))),
      },
    };
  }
}

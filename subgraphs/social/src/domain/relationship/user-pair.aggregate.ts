import { SocialError } from '../social.errors';
import { isActive, transition, type Relationship } from './relationship';
import type { RelationshipEvent } from './relationship.events';

/** The four relationships two users can have, seen from the user who acts (the actor). */
export interface UserPairState {
  actorId: string;
  otherId: string;
  /** actor follows other. */
  following: Relationship | null;
  /** other follows actor. */
  followedBy: Relationship | null;
  /** actor blocks other. */
  blocking: Relationship | null;
  /** other blocks actor. */
  blockedBy: Relationship | null;
}

type Slot = 'following' | 'followedBy' | 'blocking' | 'blockedBy';

/** A relationship record to write: which pair, what it was (version 0 = never stored), what it is now. */
export interface RelationshipChange {
  kind: 'follow' | 'block';
  fromId: string;
  toId: string;
  previousVersion: number;
  next: Relationship;
}

/**
 * Everything between two users: follows and blocks both ways. It is the consistency boundary of
 * the rules that span directions — no follow across a block (either way), a block ends the follows
 * both ways — so repositories load and lock the pair as one (whoever acts, the same lock).
 */
export class UserPair {
  private readonly events: RelationshipEvent[] = [];
  private readonly changes = new Map<Slot, RelationshipChange>();

  private constructor(private readonly state: UserPairState) {}

  static restore(state: UserPairState): UserPair {
    if (state.actorId === state.otherId) throw new Error('a user pair needs two different users');
    return new UserPair({ ...state });
  }

  get actorId(): string {
    return this.state.actorId;
  }
  get otherId(): string {
    return this.state.otherId;
  }
  /** Either follows the other: what a circle membership requires. */
  get related(): boolean {
    return isActive(this.state.following) || isActive(this.state.followedBy);
  }
  get eitherBlocks(): boolean {
    return isActive(this.state.blocking) || isActive(this.state.blockedBy);
  }

  snapshot(): UserPairState {
    return { ...this.state };
  }

  /** The actor follows the other. Idempotent: false (and no event) when already following. */
  follow(at: Date): boolean {
    if (this.eitherBlocks) throw SocialError.blocked();
    if (isActive(this.state.following)) return false;
    this.change('following', 'ACTIVE', at);
    return true;
  }

  /** The actor stops following the other. Idempotent: false when not following. */
  unfollow(at: Date): boolean {
    if (!isActive(this.state.following)) return false;
    this.change('following', 'REMOVED', at);
    return true;
  }

  /**
   * The actor blocks the other, which ends the follows both ways (each with its own event, after
   * the block's). Blocking twice is a CONFLICT, not a silent no-op: the client believes
   * something that is not true. Being blocked by the other does not prevent blocking them too.
   */
  block(at: Date): void {
    if (isActive(this.state.blocking)) throw SocialError.alreadyBlocked();
    this.change('blocking', 'ACTIVE', at);
    if (isActive(this.state.following)) this.change('following', 'REMOVED', at);
    if (isActive(this.state.followedBy)) this.change('followedBy', 'REMOVED', at);
  }

  /** The actor lifts their block; follows it ended stay ended. NOT_FOUND when there is none. */
  unblock(at: Date): void {
    if (!isActive(this.state.blocking)) throw SocialError.notBlocked();
    this.change('blocking', 'REMOVED', at);
  }

  /** Relationship records changed since the last call, to persist. */
  pullChanges(): RelationshipChange[] {
    const changes = [...this.changes.values()];
    this.changes.clear();
    return changes;
  }

  /** Events recorded since the last call, oldest first; clears them. */
  pullEvents(): RelationshipEvent[] {
    return this.events.splice(0, this.events.length);
  }

  private change(slot: Slot, to: Relationship['state'], at: Date): void {
    const current = this.state[slot];
    const next = transition(current, to, at);
    this.state[slot] = next;
    const { actorId, otherId } = this.state;
    const outgoing = slot === 'following' || slot === 'blocking';
    const [fromId, toId] = outgoing ? [actorId, otherId] : [otherId, actorId];
    const kind = slot === 'following' || slot === 'followedBy' ? 'follow' : 'block';
    // A slot changed twice in one command is written once, from the version that was stored.
    const previousVersion = this.changes.get(slot)?.previousVersion ?? current?.version ?? 0;
    this.changes.set(slot, { kind, fromId, toId, previousVersion, next });
    const common = { version: next.version, occurredAt: at };
    this.events.push(
      kind === 'follow'
        ? { type: to === 'ACTIVE' ? 'FollowCreated' : 'FollowRemoved', followerId: fromId, followeeId: toId, ...common }
        : { type: to === 'ACTIVE' ? 'BlockCreated' : 'BlockRemoved', blockerId: fromId, blockedId: toId, ...common },
    );
  }
}

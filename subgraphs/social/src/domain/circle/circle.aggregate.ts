import { isActive, transition, type Relationship } from '../relationship/relationship';
import { SocialError } from '../social.errors';
import { circleNameKey, type CircleName } from './circle-name';
import type { CircleEvent } from './circle.events';

export const MAX_CIRCLES_PER_OWNER = 100;
export const MAX_MEMBERS_PER_CIRCLE = 1000;

export interface CircleState {
  id: string;
  ownerId: string;
  name: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A membership record to write: version 0 = never stored. */
export interface MembershipChange {
  memberId: string;
  previousVersion: number;
  next: Relationship;
}

/**
 * A named audience of its owner. Only the owner can see or change it (to anyone else it does
 * not exist). Members are not loaded with the circle (up to 1000): a command loads the one
 * membership it changes and passes in the facts the rules need (member count, relation).
 */
export class Circle {
  private readonly events: CircleEvent[] = [];
  private readonly membershipChanges = new Map<string, MembershipChange>();
  private deletedAt: Date | null = null;

  private constructor(
    private state: CircleState,
    /** The version the store holds; 0 for a circle not stored yet. */
    readonly persistedVersion: number,
  ) {}

  /** A new, empty circle; `ownedAlready` is how many circles the owner has now. */
  static create(input: { id: string; ownerId: string; name: CircleName; ownedAlready: number; at: Date }): Circle {
    if (input.ownedAlready >= MAX_CIRCLES_PER_OWNER) throw SocialError.tooManyCircles(MAX_CIRCLES_PER_OWNER);
    const circle = new Circle(
      { id: input.id, ownerId: input.ownerId, name: input.name, version: 1, createdAt: input.at, updatedAt: input.at },
      0,
    );
    circle.events.push({
      type: 'CircleCreated',
      circleId: input.id,
      ownerId: input.ownerId,
      name: input.name,
      version: 1,
      occurredAt: input.at,
    });
    return circle;
  }

  static restore(state: CircleState): Circle {
    return new Circle({ ...state }, state.version);
  }

  get id(): string {
    return this.state.id;
  }
  get ownerId(): string {
    return this.state.ownerId;
  }
  get nameKey(): string {
    return circleNameKey(this.state.name);
  }
  get isDeleted(): boolean {
    return this.deletedAt !== null;
  }

  snapshot(): CircleState {
    return { ...this.state };
  }

  /** Circles are private: to anyone but the owner, a circle does not exist (NOT_FOUND, not FORBIDDEN). */
  assertOwnedBy(userId: string): void {
    if (this.state.ownerId !== userId) throw SocialError.circleNotFound();
  }

  /** False (no event) when the name is exactly the current one; a change of case is a rename. */
  rename(name: CircleName, at: Date): boolean {
    if (name === this.state.name) return false;
    this.state = { ...this.state, name, version: this.state.version + 1, updatedAt: at };
    this.events.push({
      type: 'CircleRenamed',
      circleId: this.id,
      ownerId: this.ownerId,
      name,
      version: this.state.version,
      occurredAt: at,
    });
    return true;
  }

  /** Deletes the circle with its memberships; one event, no per-member ones (it is terminal). */
  delete(at: Date): void {
    this.state = { ...this.state, version: this.state.version + 1, updatedAt: at };
    this.deletedAt = at;
    this.events.push({ type: 'CircleDeleted', circleId: this.id, ownerId: this.ownerId, version: this.state.version, occurredAt: at });
  }

  /**
   * Adds a member. Idempotent for a current member (false, no event). Otherwise the owner and the
   * member must be related (one follows the other) and the circle must have room.
   */
  addMember(memberId: string, current: Relationship | null, facts: { related: boolean; memberCount: number }, at: Date): boolean {
    if (isActive(current)) return false;
    if (!facts.related) throw SocialError.noRelation();
    if (facts.memberCount >= MAX_MEMBERS_PER_CIRCLE) throw SocialError.circleFull(MAX_MEMBERS_PER_CIRCLE);
    this.changeMembership(memberId, current, 'ACTIVE', at);
    return true;
  }

  /** Removes a member (by the owner, or because of a block). Idempotent: false when not a member. */
  removeMember(memberId: string, current: Relationship | null, at: Date): boolean {
    if (!isActive(current)) return false;
    this.changeMembership(memberId, current, 'REMOVED', at);
    return true;
  }

  pullMembershipChanges(): MembershipChange[] {
    const changes = [...this.membershipChanges.values()];
    this.membershipChanges.clear();
    return changes;
  }

  /** Events recorded since the last call, oldest first; clears them. */
  pullEvents(): CircleEvent[] {
    return this.events.splice(0, this.events.length);
  }

  private changeMembership(memberId: string, current: Relationship | null, to: Relationship['state'], at: Date): void {
    const next = transition(current, to, at);
    const previousVersion = this.membershipChanges.get(memberId)?.previousVersion ?? current?.version ?? 0;
    this.membershipChanges.set(memberId, { memberId, previousVersion, next });
    this.events.push({
      type: to === 'ACTIVE' ? 'CircleMemberAdded' : 'CircleMemberRemoved',
      circleId: this.id,
      ownerId: this.ownerId,
      memberId,
      version: next.version,
      occurredAt: at,
    });
  }
}

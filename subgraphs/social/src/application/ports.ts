import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { Circle, CircleEvent } from '../domain/circle';
import type { Relationship, RelationshipEvent, UserPair } from '../domain/relationship';

/** The replica of identity's accounts (social never reads identity's database). */
export interface KnownAccounts {
  exists(accountId: string): Promise<boolean>;
  /** Records an account once; false when it was known already (nothing changes then). */
  record(account: { id: string; username: string; registeredAt: Date }, at: Date): Promise<boolean>;
}

/** Follows and blocks between two users, loaded and saved as one UserPair. */
export interface UserPairRepository {
  /**
   * Waits until no other transaction works on these two users (whichever of them acts), then
   * loads what is between them. The wait lasts until this transaction ends, so the rules checked
   * on the pair (no follow across a block) cannot be raced.
   */
  loadForUpdate(actorId: string, otherId: string): Promise<UserPair>;
  save(pair: UserPair): Promise<void>;
}

/** A membership of one user in one of the other user's circles. */
export interface MembershipBetween {
  circle: Circle;
  memberId: string;
  membership: Relationship;
}

export interface CircleRepository {
  /** Serialises the owner's circle creations (the per-owner limit) until the transaction ends. */
  lockOwner(ownerId: string): Promise<void>;
  countOwnedBy(ownerId: string): Promise<number>;
  /** Whether one of the owner's circles (other than `exceptCircleId`) has this name key. */
  nameTaken(ownerId: string, nameKey: string, exceptCircleId?: string): Promise<boolean>;
  /** Loads a circle and locks it until the transaction ends; null when there is none. */
  findForUpdate(circleId: string): Promise<Circle | null>;
  /** The stored membership record (locked), active or not; null when there never was one. */
  findMembershipForUpdate(circleId: string, memberId: string): Promise<Relationship | null>;
  countMembers(circleId: string): Promise<number>;
  /** Active memberships of each user in the other's circles (locked). */
  findMembershipsBetween(userA: string, userB: string): Promise<MembershipBetween[]>;
  /**
   * Writes the circle (insert, rename, delete) and its membership changes. Throws
   * SocialError CIRCLE_NAME_TAKEN when the owner's name index refuses the name.
   */
  save(circle: Circle): Promise<void>;
}

export type SocialEvent = RelationshipEvent | CircleEvent;

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface SocialEventOutbox {
  append(events: readonly SocialEvent[], metadata: EventMetadata): Promise<void>;
}

/** What one transaction offers a use case. */
export interface TransactionScope {
  accounts: KnownAccounts;
  pairs: UserPairRepository;
  circles: CircleRepository;
  outbox: SocialEventOutbox;
}

/** One transaction per command or consumed event: its writes, outbox rows and inbox row commit together or not at all. */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

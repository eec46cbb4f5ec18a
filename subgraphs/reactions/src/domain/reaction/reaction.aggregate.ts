import type { ReactionEvent } from './reaction.events';
import type { ReactionKind } from './reaction-kind';
import type { ReactionSubject } from './subject';

/** A stored reaction, as the repository loads and saves it. */
export interface ReactionSnapshot {
  userId: string;
  subject: ReactionSubject;
  /** Null while the user has no reaction (never had one, or withdrew it). */
  kind: ReactionKind | null;
  /** 0 before the first reaction; +1 per change. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * One user's reaction to one subject: at most one kind at a time. Every change bumps the version
 * (a withdrawn reaction keeps its record, so a later reaction gets a larger version and consumers
 * can apply "last writer wins per pair"). Repeating the current state changes nothing.
 */
export class UserReaction {
  private readonly events: ReactionEvent[] = [];

  /** The version stored when loaded (0 for a new one): what a save expects to replace. */
  readonly persistedVersion: number;

  private constructor(private state: ReactionSnapshot) {
    this.persistedVersion = state.version;
  }

  /** The user has never reacted to the subject. */
  static none(userId: string, subject: ReactionSubject, at: Date): UserReaction {
    return new UserReaction({ userId, subject, kind: null, version: 0, createdAt: at, updatedAt: at });
  }

  static restore(snapshot: ReactionSnapshot): UserReaction {
    return new UserReaction({ ...snapshot });
  }

  get kind(): ReactionKind | null {
    return this.state.kind;
  }

  get version(): number {
    return this.state.version;
  }

  /** The user reacts with `kind` (replacing another kind). Returns whether anything changed. */
  react(kind: ReactionKind, subject: ReactionSubject, at: Date): boolean {
    if (this.state.kind === kind) return false;
    const previousKind = this.state.kind;
    this.state = { ...this.state, subject, kind, version: this.state.version + 1, updatedAt: at };
    this.events.push({
      type: 'ReactionSet',
      subject,
      userId: this.state.userId,
      kind,
      previousKind,
      version: this.state.version,
      occurredAt: at,
    });
    return true;
  }

  /** The user withdraws their reaction. Returns false when there was none. */
  withdraw(at: Date): boolean {
    const previousKind = this.state.kind;
    if (previousKind === null) return false;
    this.state = { ...this.state, kind: null, version: this.state.version + 1, updatedAt: at };
    this.events.push({
      type: 'ReactionRemoved',
      subject: this.state.subject,
      userId: this.state.userId,
      previousKind,
      version: this.state.version,
      occurredAt: at,
    });
    return true;
  }

  snapshot(): ReactionSnapshot {
    return { ...this.state };
  }

  /** The events recorded since the last pull, oldest first. */
  pullEvents(): ReactionEvent[] {
    return this.events.splice(0);
  }
}

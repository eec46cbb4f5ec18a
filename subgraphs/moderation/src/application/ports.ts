import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { Report, ReportStatus } from '../domain/report/report';
import type { Subject } from '../domain/subject/subject';
import type { Role, Suspension } from '../domain/suspension/suspension';

/** The events this context emits (mapped to the published MODERATION contracts at the outbox). */
export type ModerationEvent =
  | { type: 'ContentRemoved'; subject: Subject; moderatorId: string; reportId: string | null; reason: string | null; at: Date }
  | { type: 'ContentRestored'; subject: Subject; moderatorId: string; reason: string | null; at: Date }
  | { type: 'AccountSuspended'; suspension: Suspension }
  | { type: 'AccountUnsuspended'; userId: string; moderatorId: string; at: Date }
  | { type: 'ReportResolved'; report: Report };

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface ModerationEventOutbox {
  append(events: readonly ModerationEvent[], metadata: EventMetadata): Promise<void>;
}

/**
 * What moderation knows of posts and comments (its replicas: the audience kernel's post access
 * and social facts, comments' facts) and which it removed.
 */
export interface Subjects {
  /**
   * The post or comment `subjectId` as `readerId` may see it; null when unknown, deleted, removed
   * or hidden from the reader (audience, or a block with the comment's author).
   */
  visibleTo(subjectId: string, readerId: string): Promise<Subject | null>;
  /** The removed subject (locked until the transaction ends); null when it is not removed. */
  findRemoved(subjectId: string): Promise<Subject | null>;
  recordRemoved(subject: Subject, by: { moderatorId: string; reportId: string | null; at: Date }): Promise<void>;
  forgetRemoved(subjectId: string): Promise<void>;
}

export interface Reports {
  /** The reporter's report of the subject, if any. */
  findByReporter(reporterId: string, subjectId: string): Promise<Report | null>;
  /** The report, locked until the transaction ends. */
  findForUpdate(reportId: string): Promise<Report | null>;
  /** The OPEN reports on the subject, locked until the transaction ends. */
  openOnSubjectForUpdate(subjectId: string): Promise<Report[]>;
  /** Inserts the report unless the reporter already reported the subject; false when one existed. */
  insertIfAbsent(report: Report): Promise<boolean>;
  saveResolution(report: Report): Promise<void>;
}

export interface Suspensions {
  /** The account's suspension (locked until the transaction ends), expired ones included; null when none. */
  findForUpdate(userId: string): Promise<Suspension | null>;
  save(suspension: Suspension): Promise<void>;
  remove(userId: string): Promise<void>;
}

/** The replica of identity's roles. */
export interface Roles {
  /** The account's role as last recorded (MEMBER when nothing is known). */
  roleOf(accountId: string): Promise<Role>;
  /** Records a role change unless a newer one is already recorded. */
  record(accountId: string, role: Role, changedAt: Date): Promise<void>;
}

/** The replica of comments' facts. */
export interface CommentFacts {
  added(fact: { commentId: string; postId: string; authorId: string }): Promise<void>;
  /** The comment and its removed replies are deleted for good (tombstones for those not known yet). */
  deleted(fact: { commentId: string; postId: string; authorId: string; removedCommentIds: readonly string[] }): Promise<void>;
}

/** One audit row per moderator decision. */
export interface DecisionLog {
  record(decision: {
    id: string;
    moderatorId: string;
    action: 'DISMISS' | 'REMOVE_CONTENT' | 'SUSPEND_AUTHOR' | 'SUSPEND' | 'UNSUSPEND' | 'RESTORE_CONTENT';
    subjectType: 'POST' | 'COMMENT' | 'USER';
    subjectId: string;
    reportId: string | null;
    reason: string | null;
    at: Date;
  }): Promise<void>;
}

/** What one transaction offers a command or consumer: the context's repositories, and its outbox. */
export interface TransactionScope {
  subjects: Subjects;
  reports: Reports;
  suspensions: Suspensions;
  roles: Roles;
  comments: CommentFacts;
  decisions: DecisionLog;
  outbox: ModerationEventOutbox;
}

/** One transaction per command or consumed event: writes, outbox rows and inbox row commit together. */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

export type { ReportStatus };

import { DomainError, type ErrorCode } from '@agora/kernel';

/**
 * Expected failures of the moderation domain: the API's code and a stable `MODERATION.<REASON>`.
 * A kernel DomainError, so the subgraph passes it to the client as it is (code, reason, field).
 */
export class ModerationError extends DomainError {
  override name = 'ModerationError';

  constructor(code: ErrorCode, reason: `MODERATION.${string}`, message: string, field?: string) {
    super(code, reason, message, field);
  }

  /** Unknown, deleted, removed or invisible to the reporter: existence is never revealed. */
  static subjectNotFound(field = 'subjectId') {
    return new ModerationError('NOT_FOUND', 'MODERATION.NOT_FOUND', 'No such post or comment', field);
  }
  static reportNotFound() {
    return new ModerationError('NOT_FOUND', 'MODERATION.NOT_FOUND', 'No such report', 'reportId');
  }
  static ownContent() {
    return new ModerationError('FORBIDDEN', 'MODERATION.OWN_CONTENT', 'You cannot report your own content', 'subjectId');
  }
  static alreadyResolved() {
    return new ModerationError('CONFLICT', 'MODERATION.ALREADY_RESOLVED', 'The report was already resolved', 'reportId');
  }
  static notRemoved() {
    return new ModerationError('NOT_FOUND', 'MODERATION.NOT_REMOVED', 'That post or comment is not removed', 'subjectId');
  }
  static cannotSuspendSelf(field = 'userId') {
    return new ModerationError('FORBIDDEN', 'MODERATION.CANNOT_SUSPEND', 'You cannot suspend yourself', field);
  }
  static cannotSuspendStaff(field = 'userId') {
    return new ModerationError('FORBIDDEN', 'MODERATION.CANNOT_SUSPEND', 'Only an admin can suspend a moderator or an admin', field);
  }
  static roleRequired() {
    return new ModerationError('FORBIDDEN', 'MODERATION.ROLE_REQUIRED', 'Moderators only');
  }
  static textTooLong(field: string, max: number) {
    return new ModerationError('BAD_USER_INPUT', 'MODERATION.TEXT_TOO_LONG', `At most ${max} characters`, field);
  }
  static textRequired(field: string) {
    return new ModerationError('BAD_USER_INPUT', 'MODERATION.TEXT_REQUIRED', 'Must not be empty', field);
  }
  static invalidDays(field: string) {
    return new ModerationError(
      'BAD_USER_INPUT',
      'MODERATION.INVALID_DAYS',
      `Must be a whole number of days between 1 and ${MAX_SUSPEND_DAYS}`,
      field,
    );
  }
}

/** The longest timed suspension (ten years); longer is "indefinitely" (omit the days). */
export const MAX_SUSPEND_DAYS = 3650;

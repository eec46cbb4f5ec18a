import { DomainError } from '@agora/kernel';

/**
 * An expected failure of a notifications use case, with the API's code and a stable
 * `NOTIFICATIONS.<REASON>`. A kernel DomainError: the subgraph server passes it to the client as
 * it is (code, reason, field).
 */
export class NotificationsError extends DomainError {
  override name = 'NotificationsError';

  constructor(
    code: 'BAD_USER_INPUT',
    /** `NOTIFICATIONS.<REASON>`. */ reason: string,
    message: string,
    /** The input field at fault. */ field?: string,
  ) {
    super(code, reason, message, field);
  }

  static invalidIds(detail: string): NotificationsError {
    return new NotificationsError('BAD_USER_INPUT', 'NOTIFICATIONS.INVALID_IDS', `ids: ${detail}`, 'ids');
  }

  /** An unsubscribe token this deployment did not sign (or not a token at all). */
  static unsubscribeTokenInvalid(): NotificationsError {
    return new NotificationsError(
      'BAD_USER_INPUT',
      'NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID',
      'token: not a valid unsubscribe link',
      'token',
    );
  }
}

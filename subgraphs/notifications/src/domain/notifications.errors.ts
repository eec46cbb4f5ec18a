/** An expected failure of a notifications use case, with the API's code and a stable reason. */
export class NotificationsError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT',
    readonly reason: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'NotificationsError';
  }

  static invalidIds(detail: string): NotificationsError {
    return new NotificationsError('BAD_USER_INPUT', 'NOTIFICATIONS.INVALID_IDS', `ids: ${detail}`, 'ids');
  }
}

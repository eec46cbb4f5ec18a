/**
 * Expected failures of the reactions domain, with the API's error code and a stable
 * `REACTIONS.<REASON>`. The graph layer turns a ReactionsError into the service kit's DomainError.
 */
export type ReactionsErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND';

export class ReactionsError extends Error {
  override readonly name = 'ReactionsError';

  constructor(
    readonly code: ReactionsErrorCode,
    /** `REACTIONS.<REASON>`. */
    readonly reason: string,
    message: string,
    /** The input field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }

  /** Missing, deleted, not (yet) known here, or not visible to the viewer: all look the same. */
  static subjectNotFound(): ReactionsError {
    return new ReactionsError('NOT_FOUND', 'REACTIONS.SUBJECT_NOT_FOUND', 'No such post or comment', 'subjectId');
  }
}

import { DomainError } from '@agora/kernel';

/**
 * Expected failures of the reactions domain, with the API's error code and a stable
 * `REACTIONS.<REASON>`. A kernel DomainError: the domain knows nothing of GraphQL, and the
 * subgraph server passes it to the client as it is (code, reason, field).
 */
export type ReactionsErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND';

export class ReactionsError extends DomainError {
  override name = 'ReactionsError';

  constructor(
    code: ReactionsErrorCode,
    /** `REACTIONS.<REASON>`. */ reason: string,
    message: string,
    /** The input field at fault, when one is. */ field?: string,
  ) {
    super(code, reason, message, field);
  }

  /** Missing, deleted, not (yet) known here, or not visible to the viewer: all look the same. */
  static subjectNotFound(): ReactionsError {
    return new ReactionsError('NOT_FOUND', 'REACTIONS.SUBJECT_NOT_FOUND', 'No such post or comment', 'subjectId');
  }
}

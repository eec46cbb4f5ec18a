import { DomainError } from '@agora/kernel';

/**
 * Expected failures of the Post aggregate, with the API's code, a stable `POSTS.<REASON>` and the
 * offending input field. A kernel DomainError: the domain knows nothing of GraphQL, and the
 * subgraph server passes it to the client as it is (code, reason, field).
 */
export type PostErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export class PostError extends DomainError {
  override name = 'PostError';

  constructor(code: PostErrorCode, reason: `POSTS.${string}`, message: string, field?: string) {
    super(code, reason, message, field);
  }
}

export const PostErrors = {
  notFound: () => new PostError('NOT_FOUND', 'POSTS.NOT_FOUND', 'Post not found.'),
  notAuthor: () => new PostError('FORBIDDEN', 'POSTS.NOT_AUTHOR', 'Only the author can change this post.'),
  /** The author tried to change a post a moderator removed (only deleting it is allowed). */
  removed: () => new PostError('FORBIDDEN', 'POSTS.REMOVED', 'This post was removed by a moderator; it can only be deleted.'),
  staleVersion: (expected: number, actual: number) =>
    new PostError(
      'CONFLICT',
      'POSTS.STALE_VERSION',
      `The post changed since version ${expected} (it is now at version ${actual}); reload and retry.`,
      'expectedVersion',
    ),
  concurrentChange: () => new PostError('CONFLICT', 'POSTS.STALE_VERSION', 'The post was changed by another request; reload and retry.'),
  alreadyExists: () => new PostError('CONFLICT', 'POSTS.ALREADY_EXISTS', 'A post with this id already exists.'),
  tooManyAttachments: (max: number) =>
    new PostError('BAD_USER_INPUT', 'POSTS.TOO_MANY_ATTACHMENTS', `A post takes at most ${max} attachments.`, 'attachmentIds'),
  duplicateAttachment: () =>
    new PostError('BAD_USER_INPUT', 'POSTS.DUPLICATE_ATTACHMENT', 'The same media item is attached twice.', 'attachmentIds'),
  /** Unknown, not READY (yet), deleted or someone else's: one answer for all, so others' ids cannot be probed. */
  attachmentNotAvailable: () =>
    new PostError(
      'BAD_USER_INPUT',
      'POSTS.ATTACHMENT_NOT_AVAILABLE',
      'An attachment is not one of your READY media items (a fresh upload may take a moment to become available).',
      'attachmentIds',
    ),
  invalid: (reason: `POSTS.${string}`, field: string, message: string) => new PostError('BAD_USER_INPUT', reason, message, field),
};

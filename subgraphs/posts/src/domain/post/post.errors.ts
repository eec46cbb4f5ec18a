/**
 * Expected failures of the Post aggregate. The domain cannot import the service kit, so it
 * carries the same three facts the API exposes (code, `POSTS.*` reason, offending input field);
 * the GraphQL adapter translates a PostError into the kit's DomainError in one place.
 */
export type PostErrorCode = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export class PostError extends Error {
  override readonly name = 'PostError';

  constructor(
    readonly code: PostErrorCode,
    readonly reason: `POSTS.${string}`,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const PostErrors = {
  notFound: () => new PostError('NOT_FOUND', 'POSTS.NOT_FOUND', 'Post not found.'),
  notAuthor: () => new PostError('FORBIDDEN', 'POSTS.NOT_AUTHOR', 'Only the author can change this post.'),
  staleVersion: (expected: number, actual: number) =>
    new PostError(
      'CONFLICT',
      'POSTS.STALE_VERSION',
      `The post changed since version ${expected} (it is now at version ${actual}); reload and retry.`,
      'expectedVersion',
    ),
  concurrentChange: () =>
    new PostError('CONFLICT', 'POSTS.STALE_VERSION', 'The post was changed by another request; reload and retry.'),
  alreadyExists: () => new PostError('CONFLICT', 'POSTS.ALREADY_EXISTS', 'A post with this id already exists.'),
  invalid: (reason: `POSTS.${string}`, field: string, message: string) =>
    new PostError('BAD_USER_INPUT', reason, message, field),
};

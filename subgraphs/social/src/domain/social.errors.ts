/**
 * Expected failures of the social domain, with the API's error code and a stable
 * `SOCIAL.<REASON>`. The domain knows nothing of GraphQL: the graph layer turns a SocialError into
 * the service kit's DomainError (graphql/run-command.ts).
 */
export type SocialErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT';

export class SocialError extends Error {
  override readonly name = 'SocialError';

  constructor(
    readonly code: SocialErrorCode,
    /** `SOCIAL.<REASON>`. */
    readonly reason: string,
    message: string,
    /** The input field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }

  static cannotFollowSelf(): SocialError {
    return new SocialError('BAD_USER_INPUT', 'SOCIAL.CANNOT_FOLLOW_SELF', 'You cannot follow yourself', 'userId');
  }
  static cannotBlockSelf(): SocialError {
    return new SocialError('BAD_USER_INPUT', 'SOCIAL.CANNOT_BLOCK_SELF', 'You cannot block yourself', 'userId');
  }
  static userNotFound(): SocialError {
    return new SocialError('NOT_FOUND', 'SOCIAL.USER_NOT_FOUND', 'No such user', 'userId');
  }
  static blocked(): SocialError {
    return new SocialError('FORBIDDEN', 'SOCIAL.BLOCKED', 'One of you has blocked the other');
  }
  static alreadyBlocked(): SocialError {
    return new SocialError('CONFLICT', 'SOCIAL.ALREADY_BLOCKED', 'You have already blocked this user', 'userId');
  }
  static notBlocked(): SocialError {
    return new SocialError('NOT_FOUND', 'SOCIAL.NOT_BLOCKED', 'You have not blocked this user', 'userId');
  }
  static circleNotFound(): SocialError {
    return new SocialError('NOT_FOUND', 'SOCIAL.CIRCLE_NOT_FOUND', 'No such circle', 'circleId');
  }
  static circleNameTaken(): SocialError {
    return new SocialError('CONFLICT', 'SOCIAL.CIRCLE_NAME_TAKEN', 'You already have a circle with this name', 'name');
  }
  static tooManyCircles(max: number): SocialError {
    return new SocialError('FORBIDDEN', 'SOCIAL.CIRCLE_LIMIT_REACHED', `You can have at most ${max} circles`);
  }
  static circleFull(max: number): SocialError {
    return new SocialError('FORBIDDEN', 'SOCIAL.CIRCLE_FULL', `A circle can have at most ${max} members`, 'circleId');
  }
  static noRelation(): SocialError {
    return new SocialError('FORBIDDEN', 'SOCIAL.NO_RELATION', 'Only someone who follows you or whom you follow can join your circle', 'userId');
  }
}

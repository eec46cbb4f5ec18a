import { DomainError } from '@agora/kernel';

/**
 * Expected failures of the social domain, with the API's error code and a stable
 * `SOCIAL.<REASON>`. A kernel DomainError: the domain knows nothing of GraphQL, and the subgraph
 * server passes it to the client as it is (code, reason, field).
 */
export type SocialErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT';

export class SocialError extends DomainError {
  override name = 'SocialError';

  constructor(
    code: SocialErrorCode,
    /** `SOCIAL.<REASON>`. */ reason: string,
    message: string,
    /** The input field at fault, when one is. */ field?: string,
  ) {
    super(code, reason, message, field);
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
    return new SocialError(
      'FORBIDDEN',
      'SOCIAL.NO_RELATION',
      'Only someone who follows you or whom you follow can join your circle',
      'userId',
    );
  }
}

import type { Post } from '../domain/post/post.aggregate';
import { NO_SOCIAL_FACTS, type SocialFacts } from '../domain/post/visibility';
import type { SocialFactsReader } from './ports';

/**
 * What a command needs to know of the actor's relationship with the post's author, so that a
 * non-author is told NOT_FOUND when the post is hidden from them and FORBIDDEN when it is not.
 * The replica is only asked when it matters: the author needs no facts.
 */
export async function actorFacts(post: Post, actorId: string, social: SocialFactsReader): Promise<SocialFacts> {
  return post.snapshot.authorId === actorId ? NO_SOCIAL_FACTS : social.between(actorId, post.snapshot.authorId);
}

import type { Post } from '../domain/post/post.aggregate';
import type { TransactionScope } from './ports';

/**
 * A moderation decision about a post, applied in the consumer's transaction: replay the post,
 * let the aggregate record the decision (or nothing, for one older than the last applied), append
 * it to the post's stream and bring the read table along. Nothing is written to the outbox:
 * moderation's event is the public fact. The stored event takes the id of the moderation event
 * that caused it (one decision, one stored event; the inbox runs the consumer once per event).
 * A missing or deleted post is left alone; a concurrent command on the same post makes the
 * append fail with CONFLICT and the delivery is retried.
 */
export async function moderatePost(
  scope: TransactionScope,
  postId: string,
  decisionEventId: string,
  decide: (post: Post) => boolean,
): Promise<void> {
  const post = await scope.posts.load(postId);
  if (!post || !decide(post)) return;
  await scope.posts.append(
    post,
    post.events.map((event) => ({ eventId: decisionEventId, event })),
  );
}

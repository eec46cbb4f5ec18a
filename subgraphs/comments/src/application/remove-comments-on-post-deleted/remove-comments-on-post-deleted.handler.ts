import type { UnitOfWork } from '../ports';

export interface PostDeletedNotice {
  /** The event's id (inbox key). */
  eventId: string;
  /** The durable consumer handling it (inbox key). */
  consumer: string;
  postId: string;
  authorId: string;
}

/**
 * posts.post.deleted.v1 → the post's comments are deleted (no per-comment events: consumers of
 * comments' events drop them on the post's deletion themselves). Runs once per event (inbox).
 * It also records the deletion in the post's access row in the same transaction — the audience
 * replica's own consumer does the same, idempotently — so `addComment`, which locks that row,
 * can never slip a comment in after the removal.
 */
export class RemoveCommentsOnPostDeletedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  /** The number of comments removed; null when the event was already handled. */
  async handle(notice: PostDeletedNotice): Promise<number | null> {
    let removed = 0;
    const ran = await this.deps.unitOfWork.runOnce(notice.consumer, notice.eventId, async ({ posts, comments }) => {
      await posts.recordDeletion(notice.postId, notice.authorId);
      removed = await comments.deleteAllOfPost(notice.postId);
    });
    return ran ? removed : null;
  }
}

import type { UnitOfWork } from '../ports';

export interface PostDeleted {
  eventId: string;
  postId: string;
  authorId: string;
}

/**
 * On `posts.post.deleted.v1`: records the deletion in the post-access replica (terminal, so later
 * reactions and late events of the post are refused) and removes every reaction to the post and
 * to its comments, in one transaction with the inbox row. Comments publish no deletion for the
 * comments of a deleted post, so this is where their reactions go. No event: consumers of
 * reactions' events see the post's deletion themselves. Returns false for a redelivery.
 */
export class RemoveReactionsOnPostDeletedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  handle(consumer: string, event: PostDeleted): Promise<boolean> {
    return this.deps.unitOfWork.runOnce(consumer, event.eventId, async (scope) => {
      await scope.posts.recordDeleted(event.postId, event.authorId);
      await scope.reactions.removeForPost(event.postId);
    });
  }
}

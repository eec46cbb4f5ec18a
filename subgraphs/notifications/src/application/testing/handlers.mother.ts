import { POST_FACT_EVENTS, type PostAccessChange } from '@agora/audience';
import type { EventEnvelope } from '@agora/events';
import { DeliverMentionsOnAccountRegisteredHandler } from '../deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import { DropNotificationsOnCommentDeletedHandler } from '../drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import { DropNotificationsOnPostDeletedHandler } from '../drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import { MarkNotificationsSeenHandler } from '../mark-notifications-seen/mark-notifications-seen.handler';
import { NotifyMentionsOnPostPublishedHandler } from '../notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import { NotifyOnCommentAddedHandler } from '../notify-on-comment-added/notify-on-comment-added.handler';
import { NotifyOnFollowCreatedHandler } from '../notify-on-follow-created/notify-on-follow-created.handler';
import { NotifyOnReactionSetHandler } from '../notify-on-reaction-set/notify-on-reaction-set.handler';
import type { accountRegistered, commentAdded, commentDeleted, followCreated, postDeleted, postPublished, reactionSet } from './events.mother';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** The post-facts change the audience kernel maps a posts event to. */
export function postFact(event: EventEnvelope<any>): PostAccessChange {
  const fact = POST_FACT_EVENTS.find((candidate) => candidate.contract.type === event.type);
  if (!fact) throw new Error(`no post fact for ${event.type}`);
  return fact.toChange(event);
}

const CONSUMER = 'notifications--test';

/** Every use case over one in-memory store, and a way to feed it events as the consumers would. */
export function handlersMother() {
  const store = new InMemoryUnitOfWork();
  const deps = { unitOfWork: store };
  const handlers = {
    follow: new NotifyOnFollowCreatedHandler(deps),
    comment: new NotifyOnCommentAddedHandler(deps),
    reaction: new NotifyOnReactionSetHandler(deps),
    post: new NotifyMentionsOnPostPublishedHandler(deps),
    registration: new DeliverMentionsOnAccountRegisteredHandler(deps),
    postDeleted: new DropNotificationsOnPostDeletedHandler(deps),
    commentDeleted: new DropNotificationsOnCommentDeletedHandler(deps),
    markSeen: new MarkNotificationsSeenHandler({ marker: store, clock: { now: () => new Date('2026-03-02T00:00:00.000Z') } }),
  };
  const on = {
    followCreated: (event: ReturnType<typeof followCreated>) => handlers.follow.execute(event, `${CONSUMER}-follow`),
    commentAdded: (event: ReturnType<typeof commentAdded>) => handlers.comment.execute(event, `${CONSUMER}-comment`),
    reactionSet: (event: ReturnType<typeof reactionSet>) => handlers.reaction.execute(event, `${CONSUMER}-reaction`),
    postPublished: (event: ReturnType<typeof postPublished>) => handlers.post.execute(event, `${CONSUMER}-post`, postFact(event)),
    accountRegistered: (event: ReturnType<typeof accountRegistered>) => handlers.registration.execute(event, `${CONSUMER}-account`),
    postDeleted: (event: ReturnType<typeof postDeleted>) => handlers.postDeleted.execute(event, `${CONSUMER}-post-deleted`, postFact(event)),
    commentDeleted: (event: ReturnType<typeof commentDeleted>) => handlers.commentDeleted.execute(event, `${CONSUMER}-comment-deleted`),
  };
  /** Each notification of a recipient as [kind, actor, post, comment]. */
  const seenBy = (recipientId: string) => store.of(recipientId).map((n) => [n.kind, n.actorId, n.postId, n.commentId]);
  return { store, handlers, on, seenBy };
}

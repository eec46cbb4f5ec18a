import { bindConsumer, createCommandPipeline, uuidV7, type CommandRequest, type ConsumerDefinition } from '@agora/context-runtime';
import { deliverMentionsOnAccountRegistered } from '../deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import { dropNotificationsOnCommentDeleted } from '../drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import { dropNotificationsOnPostDeleted } from '../drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import { markNotificationsSeen } from '../mark-notifications-seen/mark-notifications-seen.command';
import { notifyMentionsOnPostPublished } from '../notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import { notifyOnCommentAdded } from '../notify-on-comment-added/notify-on-comment-added.handler';
import { notifyOnFollowCreated } from '../notify-on-follow-created/notify-on-follow-created.handler';
import { notifyOnReactionSet } from '../notify-on-reaction-set/notify-on-reaction-set.handler';
import { recordMailRecipientOnEmailVerified } from '../record-mail-recipient-on-email-verified/record-mail-recipient-on-email-verified.handler';
import { findDueDigests, sendDigest } from '../send-digests/send-digest.command';
import { unsubscribeEmail } from '../unsubscribe-email/unsubscribe-email.command';
import { updateSettings } from '../update-settings/update-settings.command';
import type { NotificationScope } from '../ports';
import type {
  accountRegistered,
  commentAdded,
  commentDeleted,
  followCreated,
  postDeleted,
  postPublished,
  reactionSet,
} from './events.mother';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

/** A command as the graph sends it, with `userId` as the signed-in viewer. */
export const asViewer = (userId: string, input: unknown): CommandRequest => ({
  viewer: { userId, username: 'someone' },
  input,
  requestId: 'req-1',
});

/**
 * Every use case over one in-memory store, as app.ts wires them: the consumers bound the way the
 * consumer loop runs them (payload parsed by the contract, once per event through the inbox; each
 * `on.*` answers whether the event was applied), and the command pipeline.
 */
export function handlersMother() {
  const store = new InMemoryUnitOfWork();
  let now = new Date('2026-03-02T00:00:00.000Z');
  /** The pipeline's clock; `clock.set(at)` moves it (digests). */
  const clock = { now: () => now, set: (at: Date) => void (now = at) };
  const commands = createCommandPipeline<NotificationScope>({ context: 'NOTIFICATIONS', unitOfWork: store, clock, ids: uuidV7 });
  const consumer = <T extends string, P>(definition: ConsumerDefinition<T, P, NotificationScope>) =>
    bindConsumer(store, definition, { clock });
  const handlers = {
    follow: consumer(notifyOnFollowCreated),
    comment: consumer(notifyOnCommentAdded),
    reaction: consumer(notifyOnReactionSet),
    post: consumer(notifyMentionsOnPostPublished),
    registration: consumer(deliverMentionsOnAccountRegistered),
    postDeleted: consumer(dropNotificationsOnPostDeleted),
    commentDeleted: consumer(dropNotificationsOnCommentDeleted),
    emailVerified: consumer(recordMailRecipientOnEmailVerified),
    markSeen: commands.bind(markNotificationsSeen),
    updateSettings: commands.bind(updateSettings),
    unsubscribe: commands.bind(unsubscribeEmail),
    findDueDigests: commands.bind(findDueDigests),
    sendDigest: commands.bind(sendDigest),
  };
  const on = {
    followCreated: (event: ReturnType<typeof followCreated>) => handlers.follow.deliver(event),
    commentAdded: (event: ReturnType<typeof commentAdded>) => handlers.comment.deliver(event),
    reactionSet: (event: ReturnType<typeof reactionSet>) => handlers.reaction.deliver(event),
    postPublished: (event: ReturnType<typeof postPublished>) => handlers.post.deliver(event),
    accountRegistered: (event: ReturnType<typeof accountRegistered>) => handlers.registration.deliver(event),
    postDeleted: (event: ReturnType<typeof postDeleted>) => handlers.postDeleted.deliver(event),
    commentDeleted: (event: ReturnType<typeof commentDeleted>) => handlers.commentDeleted.deliver(event),
  };
  /** Each notification of a recipient as [kind, actor, post, comment]. */
  const seenBy = (recipientId: string) => store.of(recipientId).map((n) => [n.kind, n.actorId, n.postId, n.commentId]);
  /** One digest round as the digest timer runs it (no viewer): the accounts it queued a digest for. */
  const runDigests = async () => {
    const request = (input: unknown) => ({ input, viewer: null, requestId: 'digests' });
    const sent: string[] = [];
    for (const candidate of await handlers.findDueDigests.execute(request({}))) {
      if (await handlers.sendDigest.execute(request({ accountId: candidate.accountId }))) sent.push(candidate.accountId);
    }
    return sent;
  };
  return { store, handlers, on, seenBy, clock, runDigests };
}

import { defineBoundedContext, systemClock, type ContextOverrides, type RunningContext } from '@agora/context-runtime';
import { STREAMS } from '@agora/events';
import { createMailWorker } from '@agora/mail';
import { createLogger } from '@agora/service-kit';
import { deliverMentionsOnAccountRegistered } from './application/deliver-mentions-on-account-registered/deliver-mentions-on-account-registered.handler';
import { dropNotificationsOnCommentDeleted } from './application/drop-notifications-on-comment-deleted/drop-notifications-on-comment-deleted.handler';
import { dropNotificationsOnPostDeleted } from './application/drop-notifications-on-post-deleted/drop-notifications-on-post-deleted.handler';
import { hideNotificationsOnContentRemoved } from './application/moderation/hide-notifications-on-content-removed.handler';
import { showNotificationsOnContentRestored } from './application/moderation/show-notifications-on-content-restored.handler';
import { notifyMentionsOnPostPublished } from './application/notify-mentions-on-post-published/notify-mentions-on-post-published.handler';
import { notifyOnCommentAdded } from './application/notify-on-comment-added/notify-on-comment-added.handler';
import { notifyOnFollowCreated } from './application/notify-on-follow-created/notify-on-follow-created.handler';
import { notifyOnReactionSet } from './application/notify-on-reaction-set/notify-on-reaction-set.handler';
import { recordMailRecipientOnEmailVerified } from './application/record-mail-recipient-on-email-verified/record-mail-recipient-on-email-verified.handler';
import type { NotificationsConfig } from './config';
import type { NotificationsContext } from './graphql/context';
import { createLoaders } from './graphql/loaders';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { digestTimer, type DigestTimer } from './infrastructure/digest-timer';
import { afterEffectBeforeAck, requestedFault, type NotificationsFault } from './infrastructure/fault-points';
import { wakingMailWorkerAfterCommit } from './infrastructure/mail-after-commit';
import { mailLinks } from './infrastructure/mail-links';
import { audienceFactConsumers } from './infrastructure/messaging/notification.consumers';
import { PrismaClient } from './infrastructure/prisma/__generated__/client';
import { PrismaNotificationQueries } from './infrastructure/prisma-notification.queries';
import { prismaNotificationScope } from './infrastructure/prisma-notification-scope';
import { HmacUnsubscribeTokens } from './infrastructure/unsubscribe-tokens';

type MailWorker = ReturnType<typeof createMailWorker>;

export interface NotificationsOverrides extends ContextOverrides {
  /** TEST-ONLY fault point (infrastructure/fault-points.ts); default: the process's AGORA_FAULT (honoured only when NODE_ENV=test). */
  fault?: NotificationsFault;
  /** The mail worker's poll interval (it is also woken after every commit that queued mail). */
  mailPollIntervalMs?: number;
}
export type RunningNotifications = RunningContext<PrismaClient> & {
  /** The mail worker over notifications' mail outbox (`drain()` in tests). */
  mail: MailWorker;
  /** The digest timer (`run()` in tests, with the injected clock). */
  digests: DigestTimer;
};

/**
 * The notifications subgraph (database → Prisma → NATS → relay → consumers → server, see
 * @agora/context-runtime). It publishes `notifications.notification.created.v1` to NOTIFICATIONS
 * (through its outbox, one per notification stored) and consumes SOCIAL, POSTS, COMMENTS,
 * REACTIONS, IDENTITY and MODERATION; all are ensured here so it can start before their producers. In the
 * background: the mail worker (notification and digest mail from its mail outbox, woken after each
 * commit that queued some) and the digest timer.
 */
export async function startNotifications(
  config: NotificationsConfig,
  overrides: NotificationsOverrides = {},
): Promise<RunningNotifications> {
  const { fault = requestedFault(), mailPollIntervalMs, ...runtime } = overrides;
  const logger = runtime.logger ?? createLogger('notifications', config.logLevel);
  const clock = runtime.clock ?? systemClock;
  const unsubscribeTokens = new HmacUnsubscribeTokens(config.internalSecret);
  let mail: MailWorker | undefined;
  let digests: DigestTimer | undefined;
  let prismaClient: PrismaClient | undefined;

  const start = defineBoundedContext({
    name: 'notifications',
    appUrl: import.meta.url,
    createPrisma: (adapter, options) => (prismaClient = new PrismaClient({ adapter, ...options })),
    streams: [
      STREAMS.NOTIFICATIONS,
      STREAMS.SOCIAL,
      STREAMS.POSTS,
      STREAMS.COMMENTS,
      STREAMS.REACTIONS,
      STREAMS.IDENTITY,
      STREAMS.MODERATION,
    ],
    scope: prismaNotificationScope({ links: mailLinks(config.mail, unsubscribeTokens), unsubscribeTokens }),
    // The worker exists once the context composed its parts; until then nothing commits mail.
    wrapUnitOfWork: (unitOfWork) => wakingMailWorkerAfterCommit(unitOfWork, () => mail?.wake()),
    consumers: [
      notifyOnFollowCreated,
      notifyOnCommentAdded,
      notifyOnReactionSet,
      notifyMentionsOnPostPublished,
      deliverMentionsOnAccountRegistered,
      dropNotificationsOnPostDeleted,
      dropNotificationsOnCommentDeleted,
      recordMailRecipientOnEmailVerified,
      hideNotificationsOnContentRemoved,
      showNotificationsOnContentRestored,
    ],
    moreHandlers: audienceFactConsumers,
    typeDefs,
    resolvers,
    requestContext: ({ prisma, commands }) => {
      const queries = new PrismaNotificationQueries(prisma);
      return (base): NotificationsContext => ({ ...base, commands, queries, loaders: createLoaders(queries, base.viewer?.userId ?? null) });
    },
    extras: ({ prisma, commands, logger: contextLogger }) => {
      mail = createMailWorker({ db: prisma, settings: config.mail, logger: contextLogger, clock, pollIntervalMs: mailPollIntervalMs });
      digests = digestTimer(commands, contextLogger, config.digestIntervalMs);
      return { background: [mail, digests] };
    },
  });

  const consumers = fault
    ? {
        ...runtime.consumers,
        beforeAck: afterEffectBeforeAck({ prisma: () => prismaClient!, drainMail: () => mail!.drain(), logger }),
      }
    : runtime.consumers;
  const running = await start(config, { ...runtime, logger, consumers });
  return { ...running, mail: mail!, digests: digests! };
}

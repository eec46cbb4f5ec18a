import { defineConsumer } from '@agora/context-runtime';
import { FollowCreatedV1 } from '@agora/events';
import { followNotifications } from '../../domain/notification';
import type { NotificationScope } from '../ports';
import { storeNotifications } from '../store-notifications';

/** social.follow.created.v1 → FOLLOWED to the followee (not across a block, not to oneself). */
export const notifyOnFollowCreated = defineConsumer({
  name: 'NotifyOnFollowCreated',
  contract: FollowCreatedV1,
  async handle(event, scope: NotificationScope, call) {
    const drafts = followNotifications(event.payload, { eventId: event.id, at: new Date(event.payload.at) });
    await storeNotifications(scope, drafts, call);
  },
});

import type { FollowCreatedV1, PayloadOf } from '@agora/events';
import { followNotifications } from '../../domain/notification';
import type { ConsumedEvent, UnitOfWork } from '../ports';

/** social.follow.created.v1 → FOLLOWED to the followee (not across a block, not to oneself). */
export class NotifyOnFollowCreatedHandler {
  constructor(private readonly deps: { unitOfWork: UnitOfWork }) {}

  /** False when this consumer had already processed the event. */
  execute(event: ConsumedEvent<PayloadOf<typeof FollowCreatedV1>>, consumer: string): Promise<boolean> {
    const drafts = followNotifications(event.payload, { eventId: event.id, at: new Date(event.payload.at) });
    return this.deps.unitOfWork.runOnce(consumer, event.id, async ({ notifications }) => {
      await notifications.add(drafts);
    });
  }
}

import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { seenSelection } from '../../domain/mark-seen';
import type { NotificationScope } from '../ports';

/**
 * markNotificationsSeen: the given notifications (or all) of the viewer become seen; returns how
 * many changed from unseen to seen. Ids of other people's notifications change nothing; malformed
 * ids or more than 100 fail with NotificationsError (BAD_USER_INPUT, reason
 * NOTIFICATIONS.INVALID_IDS, field `ids`) before any write: the domain's rule, not the schema's.
 */
export const markNotificationsSeen = defineCommand({
  name: 'markNotificationsSeen',
  /** `MarkSeenInput` as GraphQL delivers it; omitted or null: all the viewer's notifications. */
  input: z.object({ ids: z.array(z.string()).nullish() }),
  viewer: 'required',
  async handle({ input, actor, now }, { seen }: NotificationScope): Promise<number> {
    const selection = seenSelection(input.ids);
    if (!selection.all && selection.ids.length === 0) return 0;
    return seen.markSeen(actor.id, selection, now);
  },
});

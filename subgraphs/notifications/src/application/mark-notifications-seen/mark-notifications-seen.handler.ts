import { seenSelection } from '../../domain/mark-seen';
import type { Clock, SeenMarker } from '../ports';

export interface MarkNotificationsSeen {
  viewerId: string;
  /** Omitted or null: all the viewer's notifications. */
  ids?: readonly string[] | null;
}

/**
 * markNotificationsSeen: the given notifications (or all) of the viewer become seen; returns how
 * many changed from unseen to seen. Ids of other people's notifications change nothing; malformed
 * ids or more than 100 fail with NotificationsError (BAD_USER_INPUT, field `ids`) before any write.
 */
export class MarkNotificationsSeenHandler {
  constructor(private readonly deps: { marker: SeenMarker; clock: Clock }) {}

  async execute(command: MarkNotificationsSeen): Promise<number> {
    const selection = seenSelection(command.ids);
    if (!selection.all && selection.ids.length === 0) return 0;
    return this.deps.marker.markSeen(command.viewerId.toLowerCase(), selection, this.deps.clock.now());
  }
}

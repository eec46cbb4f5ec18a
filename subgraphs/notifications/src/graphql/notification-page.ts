import { parseKeysetPage, toKeysetConnection, type Connection, type ConnectionArgs, type KeysetPage } from '@agora/service-kit';
import type { NotificationView } from '../infrastructure/prisma-notification.queries';

/** A validated page request of the viewer's notifications, in `(created_at desc, id desc)` order. */
export type NotificationPage = KeysetPage;

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export const parseNotificationPage = (args: ConnectionArgs): NotificationPage => parseKeysetPage(args);

/** A connection from rows fetched with `first + 1`. */
export function toNotificationConnection(rows: NotificationView[], page: NotificationPage): Connection<NotificationView> {
  return toKeysetConnection(rows, page, (notification) => ({ at: notification.createdAt, id: notification.id }));
}

import { z } from 'zod';
import { DomainError, parsePageArgs, toConnection, type Connection, type ConnectionArgs } from '@agora/service-kit';
import type { NotificationCursor, NotificationView } from '../infrastructure/prisma-notification.queries';

export interface NotificationPage {
  first: number;
  after: NotificationCursor | null;
}

const cursorParts = z.tuple([z.iso.datetime(), z.uuid()]);

/** Relay args → validated page; BAD_USER_INPUT (field `first` / `after`) when they are not usable. */
export function parseNotificationPage(args: ConnectionArgs): NotificationPage {
  const page = parsePageArgs(args);
  if (page.after === null) return { first: page.first, after: null };
  // The kit decodes any well-formed cursor; make sure it is one of ours.
  const parts = cursorParts.safeParse(page.after);
  if (!parts.success) throw new DomainError('BAD_USER_INPUT', 'PAGINATION.INVALID_CURSOR', 'after is not a valid cursor', 'after');
  return { first: page.first, after: { createdAt: new Date(parts.data[0]), id: parts.data[1].toLowerCase() } };
}

/** A connection from rows fetched with `first + 1`, cursors in the `(created_at desc, id desc)` order. */
export function toNotificationConnection(rows: NotificationView[], page: NotificationPage): Connection<NotificationView> {
  return toConnection(rows, page, (notification) => [notification.createdAt.toISOString(), notification.id]);
}

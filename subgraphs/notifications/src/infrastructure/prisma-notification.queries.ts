import { blockedEitherWay } from '@agora/audience';
import { uuidList } from '@agora/prisma-kit';
import type { KeysetCursor } from '@agora/service-kit';
import type { SeenSelection } from '../domain/mark-seen';
import type { NotificationKind } from '../domain/notification';
import { DEFAULT_SETTINGS, type EmailDigest, type NotificationSettings } from '../domain/settings';
import type { SeenMarker } from '../application/ports';
import { Prisma } from './prisma/__generated__/client';

/** A notification as the API shows it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  actorId: string;
  postId: string | null;
  commentId: string | null;
  createdAt: Date;
  seen: boolean;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  actor_id: string;
  post_id: string | null;
  comment_id: string | null;
  created_at: Date;
  seen: boolean;
}

const COLUMNS = Prisma.sql`n.id::text, n.kind::text AS kind, n.actor_id::text, n.post_id::text, n.comment_id::text, n.created_at,
  (n.seen_at IS NOT NULL) AS seen`;

/**
 * Not about a post or comment a moderator removed: neither the notification's (aliased `alias`)
 * post nor its comment has a standing removal in `moderated_content` (primary-key probes).
 */
export const notAboutRemoved = (alias = 'n') => {
  const column = (name: string) => Prisma.raw(`${alias}.${name}`);
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM moderated_content mc
    WHERE mc.removed AND mc.subject_id IN (${column('post_id')}, ${column('comment_id')}))`;
};

/**
 * The recipient's notifications, without those whose actor is in a block with them (hidden while
 * it lasts) and those about a post or comment a moderator removed (hidden until restored).
 */
const mineAndVisible = (recipientId: string) =>
  Prisma.sql`n.recipient_id = ${recipientId}::uuid AND NOT ${blockedEitherWay(Prisma.sql`n.recipient_id`, Prisma.sql`n.actor_id`)}
    AND ${notAboutRemoved()}`;

const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  actorId: row.actor_id,
  postId: row.post_id,
  commentId: row.comment_id,
  createdAt: row.created_at,
  seen: row.seen,
});

interface SettingsRow {
  account_id: string;
  email_on_follow: boolean;
  email_on_comment: boolean;
  email_on_reaction: boolean;
  email_on_mention: boolean;
  digest: EmailDigest;
}

const toSettings = (row: SettingsRow): NotificationSettings => ({
  emailOnFollow: row.email_on_follow,
  emailOnComment: row.email_on_comment,
  emailOnReaction: row.email_on_reaction,
  emailOnMention: row.email_on_mention,
  digest: row.digest,
});

/** Settings by account (only those with a row): one statement, on a transaction or the client. */
export async function settingsRows(
  db: Pick<Prisma.TransactionClient, '$queryRaw'>,
  accountIds: readonly string[],
): Promise<Map<string, NotificationSettings>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.$queryRaw<SettingsRow[]>`
    SELECT account_id::text, email_on_follow, email_on_comment, email_on_reaction, email_on_mention, digest::text AS digest
    FROM notification_settings WHERE account_id IN (${uuidList(accountIds)})`;
  return new Map(rows.map((row) => [row.account_id, toSettings(row)]));
}

/** The client or one transaction of it: the queries run on either (marking seen runs in a command's transaction). */
type Executor = Pick<Prisma.TransactionClient, '$queryRaw' | '$executeRaw'>;

/**
 * The viewer's side, every method ONE SQL statement: a page of notifications, a batch of them by
 * id (for `_entities`), the unseen count, and marking seen.
 */
export class PrismaNotificationQueries implements SeenMarker {
  constructor(private readonly prisma: Executor) {}

  /** Up to `limit` of the recipient's notifications after the cursor (`at` = created_at), newest first. */
  async page(recipientId: string, limit: number, after: KeysetCursor | null): Promise<NotificationView[]> {
    // `created_at <= c` lets the (recipient_id, created_at desc, id desc) index seek to the cursor.
    const afterClause = after
      ? Prisma.sql`AND n.created_at <= ${after.at}::timestamptz AND (n.created_at, n.id) < (${after.at}::timestamptz, ${after.id}::uuid)`
      : Prisma.empty;
    const rows = await this.prisma.$queryRaw<NotificationRow[]>`
      SELECT ${COLUMNS} FROM notification n
      WHERE ${mineAndVisible(recipientId)} ${afterClause}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${limit}`;
    return rows.map(toView);
  }

  /** The recipient's notifications among `ids`, by id (someone else's, or hidden by a block, are left out). */
  async byIds(recipientId: string, ids: readonly string[]): Promise<Map<string, NotificationView>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<NotificationRow[]>`
      SELECT ${COLUMNS} FROM notification n WHERE n.id IN (${uuidList(ids)}) AND ${mineAndVisible(recipientId)}`;
    return new Map(rows.map((row) => [row.id, toView(row)]));
  }

  /** The viewer's email notification settings: their row, or the defaults. */
  async settingsOf(accountId: string): Promise<NotificationSettings> {
    return (await settingsRows(this.prisma, [accountId])).get(accountId) ?? { ...DEFAULT_SETTINGS };
  }

  async unseenCount(recipientId: string): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM notification n WHERE ${mineAndVisible(recipientId)} AND n.seen_at IS NULL`;
    return row?.count ?? 0;
  }

  async markSeen(recipientId: string, selection: SeenSelection, at: Date): Promise<number> {
    if (!selection.all && selection.ids.length === 0) return 0;
    const only = selection.all ? Prisma.empty : Prisma.sql`AND n.id IN (${uuidList(selection.ids)})`;
    return this.prisma.$executeRaw`
      UPDATE notification n SET seen_at = ${at}::timestamptz
      WHERE ${mineAndVisible(recipientId)} AND n.seen_at IS NULL ${only}`;
  }
}

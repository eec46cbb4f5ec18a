import { applyPostAccessChange, postVisibleTo, visibleTo, blockedEitherWay, type Audience } from '@agora/audience';
import { newEventId } from '@agora/events';
import { chunks } from '@agora/kernel';
import { enqueueMail } from '@agora/mail';
import { eventOutbox, uuidArray, uuidList, type TransactionOutbox } from '@agora/prisma-kit';
import type { About, DigestCandidate, DigestItem, LockKeys, MailLinks, NotificationScope, UnsubscribeTokens } from '../application/ports';
import type { Mention } from '../domain/mentions';
import type { CreatedNotification, NotificationKind } from '../domain/notification';
import { toEnvelope } from './notification-event.mapper';
import { notAboutRemoved, PrismaNotificationQueries, settingsRows } from './prisma-notification.queries';
import { Prisma } from './prisma/__generated__/client';

type Tx = Prisma.TransactionClient;

/** Readers checked per statement: each one is its own `visibleTo` branch of a UNION ALL. */
const READERS_PER_STATEMENT = 50;

const aboutClause = (about: About): Prisma.Sql =>
  'postId' in about ? Prisma.sql`post_id = ${about.postId}::uuid` : Prisma.sql`comment_id IN (${uuidList(about.commentIds)})`;
const isEmpty = (about: About) => !('postId' in about) && about.commentIds.length === 0;

interface CreatedRow {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  actor_id: string;
  post_id: string | null;
  comment_id: string | null;
  source_event_id: string;
  created_at: Date;
}

interface PendingRow {
  source_event_id: string;
  username: string;
  actor_id: string;
  post_id: string;
  comment_id: string | null;
  post_author_id: string | null;
  visibility: Audience['visibility'] | null;
  circle_ids: string[];
  mentioned_at: Date;
}

/**
 * Transaction-scoped advisory locks (see `Locks` in application/ports.ts): usernames → posts →
 * comments, each class in sorted order. A hash collision only makes two unrelated transactions
 * wait for each other. Ids arrive canonical (from the contracts, or as Postgres prints them), so
 * one post or comment always has one lock name.
 */
async function lock(tx: Tx, mode: 'shared' | 'exclusive', keys: LockKeys): Promise<void> {
  const names = [
    ...[...new Set(keys.usernames ?? [])].sort().map((username) => `notifications:username:${username}`),
    ...[...new Set(keys.postIds ?? [])].sort().map((id) => `notifications:post:${id}`),
    ...[...new Set(keys.commentIds ?? [])].sort().map((id) => `notifications:comment:${id}`),
  ];
  for (const name of names) {
    // executeRaw: the functions return void, which has no result mapping.
    if (mode === 'shared') await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${name}, 0))`;
    else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
  }
}

/** Which of `readers` pass a visibility condition built per reader: one UNION ALL statement per chunk. */
async function readersWhere(tx: Tx, readers: readonly string[], select: (reader: string) => Prisma.Sql): Promise<Set<string>> {
  const allowed = new Set<string>();
  for (const chunk of chunks([...new Set(readers)], READERS_PER_STATEMENT)) {
    const rows = await tx.$queryRaw<{ reader: string }[]>`${Prisma.join(chunk.map(select), ' UNION ALL ')}`;
    for (const row of rows) allowed.add(row.reader);
  }
  return allowed;
}

/** The unseen notifications of `recipient` created since `since`, not hidden by a block nor about removed content. */
const unseenOf = (recipientId: string, since: Date) => Prisma.sql`
  n.recipient_id = ${recipientId}::uuid AND n.seen_at IS NULL AND n.created_at >= ${since}::timestamptz
  AND NOT ${blockedEitherWay(Prisma.sql`n.recipient_id`, Prisma.sql`n.actor_id`)} AND ${notAboutRemoved()}`;

/** What the scope needs besides the transaction: how mail links are made and tokens read. */
export interface MailParts {
  links: MailLinks;
  unsubscribeTokens: UnsubscribeTokens;
}

/**
 * The ports of one transaction (a consumed event or a command) over notifications' database, and
 * its outbox (notifications.notification.created.v1 for each notification stored) and mail
 * outbox (@agora/mail's `mail_outbox`, sent by the mail worker after the commit).
 */
export const prismaNotificationScope =
  (mail: MailParts) =>
  (tx: Tx, outbox: TransactionOutbox): NotificationScope => ({
    ...transactionPorts(tx, outbox),
    links: mail.links,
    unsubscribeTokens: mail.unsubscribeTokens,
  });

function transactionPorts(tx: Tx, outbox: TransactionOutbox): Omit<NotificationScope, 'links' | 'unsubscribeTokens'> {
  return {
    locks: { lock: (mode, keys) => lock(tx, mode, keys) },

    accounts: {
      async record(account) {
        await tx.$executeRaw`
          INSERT INTO account (id, username, registered_at)
          VALUES (${account.id}::uuid, ${account.username}, ${account.registeredAt}::timestamptz)
          ON CONFLICT (id) DO NOTHING`;
      },
      async byUsername(usernames) {
        if (usernames.length === 0) return new Map();
        // Usernames are unique in identity; should two rows share one, the first registered wins.
        const rows = await tx.$queryRaw<{ id: string; username: string; registered_at: Date }[]>`
          SELECT id::text, username, registered_at FROM account
          WHERE username IN (${Prisma.join(usernames)}) ORDER BY registered_at DESC`;
        return new Map(rows.map((row) => [row.username, { id: row.id, registeredAt: row.registered_at }]));
      },
      async usernames(ids) {
        if (ids.length === 0) return new Map();
        const rows = await tx.$queryRaw<{ id: string; username: string }[]>`
          SELECT id::text, username FROM account WHERE id IN (${uuidList(ids)})`;
        return new Map(rows.map((row) => [row.id, row.username]));
      },
    },

    facts: {
      applyPostFact: (change) => applyPostAccessChange(tx, change),
      async recordCommentsDeleted(commentIds) {
        if (commentIds.length === 0) return;
        await tx.$executeRaw`
          INSERT INTO deleted_comment (comment_id) SELECT unnest(${uuidArray(commentIds)}) ON CONFLICT DO NOTHING`;
      },
      async isGone(postId, commentIds) {
        const comments =
          commentIds.length > 0
            ? Prisma.sql`OR EXISTS (SELECT 1 FROM deleted_comment WHERE comment_id IN (${uuidList(commentIds)}))`
            : Prisma.empty;
        const [row] = await tx.$queryRaw<{ gone: boolean }[]>`
          SELECT (EXISTS (SELECT 1 FROM post_access WHERE post_id = ${postId}::uuid AND deleted) ${comments}) AS gone`;
        return row?.gone === true;
      },
      readersOf(audience, readers) {
        // The kernel's rule on the audience as the event carried it: a one-row VALUES aliased `p`.
        const post = Prisma.sql`(VALUES (${audience.authorId}::uuid, ${audience.visibility}::text, ${uuidArray(audience.circleIds)}))
          AS p(author_id, visibility, circle_ids)`;
        return readersWhere(
          tx,
          readers,
          (reader) => Prisma.sql`SELECT ${reader}::text AS reader FROM ${post} WHERE ${visibleTo({ userId: reader }, 'p')}`,
        );
      },
      async readersOfPost(postId, readers) {
        const [known] = await tx.$queryRaw<{ known: boolean }[]>`
          SELECT (published_at IS NOT NULL AND NOT deleted) AS known FROM post_access WHERE post_id = ${postId}::uuid`;
        if (!known?.known) return null;
        return readersWhere(
          tx,
          readers,
          (reader) =>
            Prisma.sql`SELECT ${reader}::text AS reader FROM post_access pa WHERE pa.post_id = ${postId}::uuid AND ${postVisibleTo({ userId: reader }, 'pa')}`,
        );
      },
    },

    notifications: {
      async add(drafts) {
        if (drafts.length === 0) return [];
        const rows = drafts.map(
          (d) => Prisma.sql`(${newEventId()}::uuid, ${d.recipientId}::uuid, ${d.kind}::notification_kind, ${d.actorId}::uuid,
            ${d.postId}::uuid, ${d.commentId}::uuid, ${d.sourceEventId}::uuid, ${d.at}::timestamptz)`,
        );
        // Not to oneself, not across a block (checked now, against the replica of social's blocks),
        // not about a post or comment a moderator removed.
        // RETURNING lists only the rows inserted: a conflict (a duplicate) returns nothing.
        const created = await tx.$queryRaw<CreatedRow[]>`
          INSERT INTO notification (id, recipient_id, kind, actor_id, post_id, comment_id, source_event_id, created_at)
          SELECT d.* FROM (VALUES ${Prisma.join(rows)}) AS d(id, recipient_id, kind, actor_id, post_id, comment_id, source_event_id, created_at)
          WHERE d.recipient_id <> d.actor_id AND NOT ${blockedEitherWay(Prisma.sql`d.actor_id`, Prisma.sql`d.recipient_id`)}
            AND ${notAboutRemoved('d')}
          ON CONFLICT (source_event_id, recipient_id, kind) DO NOTHING
          RETURNING id::text, recipient_id::text, kind::text, actor_id::text, post_id::text, comment_id::text,
                    source_event_id::text, created_at`;
        return created.map(toCreated);
      },
      async dropAbout(about) {
        if (isEmpty(about)) return 0;
        return tx.$executeRaw`DELETE FROM notification WHERE ${aboutClause(about)}`;
      },
    },

    pending: {
      async save(mentions) {
        if (mentions.length === 0) return;
        const rows = mentions.map(
          (m) => Prisma.sql`(${m.sourceEventId}::uuid, ${m.username}, ${m.actorId}::uuid, ${m.postId}::uuid, ${m.commentId}::uuid,
            ${m.audience?.authorId ?? null}::uuid, ${m.audience?.visibility ?? null}, ${uuidArray(m.audience?.circleIds ?? [])}, ${m.mentionedAt}::timestamptz)`,
        );
        await tx.$executeRaw`
          INSERT INTO pending_mention (source_event_id, username, actor_id, post_id, comment_id, post_author_id, visibility, circle_ids, mentioned_at)
          VALUES ${Prisma.join(rows)}
          ON CONFLICT DO NOTHING`;
      },
      async of(by) {
        const where = 'username' in by ? Prisma.sql`username = ${by.username}` : Prisma.sql`post_id = ${by.postId}::uuid`;
        const rows = await tx.$queryRaw<PendingRow[]>`
          SELECT source_event_id::text, username, actor_id::text, post_id::text, comment_id::text, post_author_id::text,
                 visibility, circle_ids::text[] AS circle_ids, mentioned_at
          FROM pending_mention WHERE ${where}
          ORDER BY mentioned_at, source_event_id, username`;
        return rows.map(toMention);
      },
      async remove(mentions) {
        if (mentions.length === 0) return;
        const keys = mentions.map((m) => Prisma.sql`(${m.sourceEventId}::uuid, ${m.username})`);
        await tx.$executeRaw`DELETE FROM pending_mention WHERE (source_event_id, username) IN (${Prisma.join(keys)})`;
      },
      async dropAbout(about) {
        if (isEmpty(about)) return;
        await tx.$executeRaw`DELETE FROM pending_mention WHERE ${aboutClause(about)}`;
      },
    },

    seen: new PrismaNotificationQueries(tx),

    outbox: eventOutbox(outbox, toEnvelope),

    settings: {
      of: (accountIds) => settingsRows(tx, accountIds),
      async save(accountId, settings, at) {
        await tx.$executeRaw`
          INSERT INTO notification_settings (account_id, email_on_follow, email_on_comment, email_on_reaction, email_on_mention, digest, updated_at)
          VALUES (${accountId}::uuid, ${settings.emailOnFollow}, ${settings.emailOnComment}, ${settings.emailOnReaction},
                  ${settings.emailOnMention}, ${settings.digest}::email_digest, ${at}::timestamptz)
          ON CONFLICT (account_id) DO UPDATE SET
            email_on_follow = EXCLUDED.email_on_follow, email_on_comment = EXCLUDED.email_on_comment,
            email_on_reaction = EXCLUDED.email_on_reaction, email_on_mention = EXCLUDED.email_on_mention,
            digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at`;
      },
    },

    recipients: {
      async record(recipient) {
        // The newest verification wins; one arriving late (older) changes nothing.
        await tx.$executeRaw`
          INSERT INTO mail_recipient (account_id, email, verified_at)
          VALUES (${recipient.accountId}::uuid, ${recipient.email}, ${recipient.verifiedAt}::timestamptz)
          ON CONFLICT (account_id) DO UPDATE SET email = EXCLUDED.email, verified_at = EXCLUDED.verified_at
          WHERE mail_recipient.verified_at <= EXCLUDED.verified_at`;
      },
      async of(accountIds) {
        if (accountIds.length === 0) return new Map();
        const rows = await tx.$queryRaw<{ account_id: string; email: string }[]>`
          SELECT account_id::text, email FROM mail_recipient WHERE account_id IN (${uuidList(accountIds)})`;
        return new Map(rows.map((row) => [row.account_id, row.email]));
      },
    },

    mail: { enqueue: (mails) => enqueueMail(tx, mails) },

    moderation: {
      async record(decision) {
        // The newest decision wins; at equal times a removal (domain/moderation.ts `nextModeration`).
        await tx.$executeRaw`
          INSERT INTO moderated_content (subject_id, subject_type, post_id, author_id, removed, decided_at)
          VALUES (${decision.subjectId}::uuid, ${decision.subjectType}, ${decision.postId}::uuid, ${decision.authorId}::uuid,
                  ${decision.removed}, ${decision.decidedAt}::timestamptz)
          ON CONFLICT (subject_id) DO UPDATE SET removed = EXCLUDED.removed, decided_at = EXCLUDED.decided_at
          WHERE EXCLUDED.decided_at > moderated_content.decided_at
             OR (EXCLUDED.decided_at = moderated_content.decided_at AND EXCLUDED.removed AND NOT moderated_content.removed)`;
      },
    },

    digests: {
      async candidates(periodStarts, limit, afterAccountId) {
        const after = afterAccountId ? Prisma.sql`AND s.account_id > ${afterAccountId}::uuid` : Prisma.empty;
        const periodStart = Prisma.sql`(CASE s.digest WHEN 'DAILY' THEN ${periodStarts.DAILY}::timestamptz ELSE ${periodStarts.WEEKLY}::timestamptz END)`;
        // A prefilter (the command decides, blocks included): someone with nothing unseen since
        // their previous digest or the period's start costs no transaction.
        return tx.$queryRaw<DigestCandidate[]>`
          SELECT s.account_id::text AS "accountId", r.email, s.digest::text AS frequency
          FROM notification_settings s JOIN mail_recipient r ON r.account_id = s.account_id
          WHERE s.digest IN ('DAILY', 'WEEKLY') ${after}
            AND NOT EXISTS (SELECT 1 FROM digest_run d
                            WHERE d.account_id = s.account_id AND d.frequency = s.digest AND d.period_start = ${periodStart})
            AND EXISTS (SELECT 1 FROM notification n
                        WHERE n.recipient_id = s.account_id AND n.seen_at IS NULL AND ${notAboutRemoved()}
                          AND n.created_at >= COALESCE((SELECT max(d.created_at) FROM digest_run d
                                                        WHERE d.account_id = s.account_id AND d.frequency = s.digest), ${periodStart}))
          ORDER BY s.account_id
          LIMIT ${limit}`;
      },
      async previousAt(accountId, frequency) {
        const [row] = await tx.$queryRaw<{ at: Date | null }[]>`
          SELECT max(created_at) AS at FROM digest_run WHERE account_id = ${accountId}::uuid AND frequency = ${frequency}::email_digest`;
        return row?.at ?? null;
      },
      async unseenSince(accountId, since, latest) {
        const [counted] = await tx.$queryRaw<{ count: number }[]>`
          SELECT count(*)::int AS count FROM notification n WHERE ${unseenOf(accountId, since)}`;
        const count = counted?.count ?? 0;
        if (count === 0) return { count, latest: [] };
        const rows = await tx.$queryRaw<{ kind: NotificationKind; username: string | null; created_at: Date }[]>`
          SELECT n.kind::text AS kind, a.username, n.created_at
          FROM notification n LEFT JOIN account a ON a.id = n.actor_id
          WHERE ${unseenOf(accountId, since)}
          ORDER BY n.created_at DESC, n.id DESC
          LIMIT ${latest}`;
        return {
          count,
          latest: rows.map((row): DigestItem => ({ kind: row.kind, actorUsername: row.username, createdAt: row.created_at })),
        };
      },
      async record(run) {
        const inserted = await tx.$executeRaw`
          INSERT INTO digest_run (account_id, frequency, period_start, mail_id, created_at)
          VALUES (${run.accountId}::uuid, ${run.frequency}::email_digest, ${run.periodStart}::timestamptz, ${run.mailId}::uuid, ${run.at}::timestamptz)
          ON CONFLICT DO NOTHING`;
        return inserted === 1;
      },
    },
  };
}

function toCreated(row: CreatedRow): CreatedNotification {
  return {
    id: row.id,
    recipientId: row.recipient_id,
    kind: row.kind,
    actorId: row.actor_id,
    postId: row.post_id,
    commentId: row.comment_id,
    sourceEventId: row.source_event_id,
    at: row.created_at,
  };
}

function toMention(row: PendingRow): Mention {
  return {
    sourceEventId: row.source_event_id,
    username: row.username,
    actorId: row.actor_id,
    postId: row.post_id,
    commentId: row.comment_id,
    audience:
      row.post_author_id !== null && row.visibility !== null
        ? { authorId: row.post_author_id, visibility: row.visibility, circleIds: row.circle_ids }
        : null,
    mentionedAt: row.mentioned_at,
  };
}

import { AccountRoleChangedV1, AccountSuspendedV1, AccountUnsuspendedV1, parseEvent } from '@agora/events';
import type { NatsConnection } from '@agora/messaging';
import type { Logger } from '@agora/service-kit';
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';

/**
 * What the revocation list is built from (ADR 14): one filter per stream (nats-server 2.9 has no
 * multi-subject filters). `moderation.account.>` is suspended.v1 and unsuspended.v1 (and whatever
 * else moderation adds under it, ignored by `apply`).
 */
export const REVOCATION_FEEDS = [
  { stream: 'MODERATION', subject: 'moderation.account.>' },
  { stream: 'IDENTITY', subject: AccountRoleChangedV1.type },
] as const;

/** Clock skew tolerated between identity (which signs `iat`) and the moderation/identity event times. */
export const REVOCATION_SKEW_MS = 60_000;

interface Entry {
  /** Tokens with `iat` (seconds) at or before this second are refused (suspension). */
  refuseUpToSecond: number;
  /** The latest suspension's time in ms: a token with `iat_ms` at or before it is refused. */
  refuseUpToMs: number;
  /** Role changes: tokens issued before this second are refused, and in it those that do not carry `role`. */
  roleChange?: { second: number; at: number; role: string };
  /** Set while suspended: epoch ms of the suspension; `until` null = indefinite. */
  suspension?: { at: number; until: number | null };
  /** When the entry stops mattering (every token it could refuse has expired), unless suspended. */
  relevantUntil: number;
}

export type RevocationVerdict = 'ok' | 'revoked';

/**
 * The in-memory list the gateway checks every token against (no network call on the hot path):
 * filled from moderation's suspension events and identity's role changes.
 */
export class RevocationList {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly tokenTtlMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  private entry(id: string): Entry {
    const userId = id.toLowerCase();
    let entry = this.entries.get(userId);
    if (!entry) {
      entry = { refuseUpToSecond: -1, refuseUpToMs: -1, relevantUntil: 0 };
      this.entries.set(userId, entry);
    }
    return entry;
  }

  private touch(entry: Entry, eventMs: number): void {
    entry.relevantUntil = Math.max(entry.relevantUntil, eventMs + this.tokenTtlMs + REVOCATION_SKEW_MS);
  }

  suspended(userId: string, suspendedAt: Date, until: Date | null): void {
    const entry = this.entry(userId);
    const at = suspendedAt.getTime();
    // Identity issues nothing to a suspended account: every token of the suspension's second is from before it.
    entry.refuseUpToSecond = Math.max(entry.refuseUpToSecond, Math.floor(at / 1000));
    entry.refuseUpToMs = Math.max(entry.refuseUpToMs, at);
    if (!entry.suspension || entry.suspension.at <= at) entry.suspension = { at, until: until ? until.getTime() : null };
    this.touch(entry, at);
  }

  unsuspended(userId: string, unsuspendedAt: Date): void {
    const entry = this.entries.get(userId.toLowerCase());
    if (!entry?.suspension) return;
    // Lifts the "while suspended" part only; the tokens issued before the suspension stay refused.
    if (entry.suspension.at <= unsuspendedAt.getTime()) entry.suspension = undefined;
  }

  roleChanged(userId: string, role: string, changedAt: Date): void {
    const entry = this.entry(userId);
    const second = Math.floor(changedAt.getTime() / 1000);
    if (!entry.roleChange || entry.roleChange.at <= changedAt.getTime()) entry.roleChange = { second, at: changedAt.getTime(), role };
    this.touch(entry, changedAt.getTime());
  }

  /**
   * Whether a token for `userId` issued at `issuedAt` (the JWT `iat`, seconds) carrying `role` is
   * still honoured. `iat` has a one-second grain: a token of the role change's own second is
   * honoured only when it already carries the new role (the refresh right after the change).
   * Identity's tokens also carry `iat_ms` (`issuedAtMs`): then the comparison is to the
   * millisecond, so a token issued after an unsuspension in the suspension's own second works.
   */
  check(userId: string, issuedAt: number, role: string, now = Date.now(), issuedAtMs?: number): RevocationVerdict {
    const entry = this.entries.get(userId.toLowerCase());
    if (!entry) return 'ok';
    const { suspension, roleChange } = entry;
    if (suspension && (suspension.until === null || now < suspension.until)) return 'revoked';
    if (issuedAtMs !== undefined) {
      if (issuedAtMs <= entry.refuseUpToMs) return 'revoked';
      // Before the change: refused. In the second after it: refused unless it carries the new role
      // (a refresh that read the role just before the change committed).
      if (roleChange && issuedAtMs < roleChange.at) return 'revoked';
      if (roleChange && issuedAtMs < roleChange.at + 1_000 && role !== roleChange.role) return 'revoked';
      return 'ok';
    }
    if (issuedAt <= entry.refuseUpToSecond) return 'revoked';
    if (roleChange && (issuedAt < roleChange.second || (issuedAt === roleChange.second && role !== roleChange.role))) return 'revoked';
    return 'ok';
  }

  /** Drops entries every token of which has expired (bounded memory). */
  prune(now = Date.now()): void {
    for (const [userId, entry] of this.entries) {
      const suspended = entry.suspension && (entry.suspension.until === null || now < entry.suspension.until);
      if (!suspended && entry.relevantUntil < now && (!entry.suspension?.until || entry.suspension.until + this.tokenTtlMs < now)) {
        this.entries.delete(userId);
      }
    }
  }

  /**
   * Applies one event envelope by subject: the user it concerns, or null for another subject.
   * Throws EventContractError for an envelope that does not match its contract.
   */
  apply(subject: string, raw: unknown): string | null {
    switch (subject) {
      case AccountSuspendedV1.type: {
        const { payload } = parseEvent(AccountSuspendedV1, raw);
        this.suspended(payload.userId, new Date(payload.suspendedAt), payload.until ? new Date(payload.until) : null);
        return payload.userId;
      }
      case AccountUnsuspendedV1.type: {
        const { payload } = parseEvent(AccountUnsuspendedV1, raw);
        this.unsuspended(payload.userId, new Date(payload.unsuspendedAt));
        return payload.userId;
      }
      case AccountRoleChangedV1.type: {
        const { payload } = parseEvent(AccountRoleChangedV1, raw);
        this.roleChanged(payload.accountId, payload.role, new Date(payload.changedAt));
        return payload.accountId;
      }
      default:
        return null;
    }
  }
}

export interface RevocationFeed {
  /** Resolves once every event up to the start has been applied (every stream caught up). */
  caughtUp: Promise<void>;
  isCaughtUp(): boolean;
  stop(): Promise<void>;
}

export interface RevocationFeedOptions {
  nc: NatsConnection;
  list: RevocationList;
  /** identity's ACCESS_TOKEN_TTL_SECONDS: older events cannot refuse an unexpired token. */
  tokenTtlMs: number;
  logger: Logger;
  /** Called after a suspension or a role change with the user it concerns (closing their realtime connections). */
  onRevoked?: (userId: string) => void;
  /** How often a missing stream is looked for again; default 1 s. */
  retryMs?: number;
}

/**
 * One ordered consumer per stream, filtered to the revocation subjects, from now − TTL − skew
 * (what is older refuses only expired tokens). Ordered consumers recreate themselves from the
 * last sequence after a reconnect or a server restart. A stream that does not exist yet has no
 * events: it counts as caught up and is looked for again every `retryMs`.
 */
export function startRevocationFeed(options: RevocationFeedOptions): RevocationFeed {
  const { nc, list, logger } = options;
  const js = jetstream(nc);
  let stopped = false;
  const open = new Set<ConsumerMessages>();
  const pending = new Set<string>(REVOCATION_FEEDS.map((f) => f.stream));
  let resolveCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (resolveCaughtUp = resolve));
  const markCaughtUp = (stream: string) => {
    if (!pending.delete(stream)) return;
    logger.info({ stream }, 'revocations: caught up');
    if (pending.size === 0) resolveCaughtUp();
  };
  const prune = setInterval(() => list.prune(), 60_000);
  prune.unref();

  const runFeed = async (feed: (typeof REVOCATION_FEEDS)[number]) => {
    const startTime = new Date(Date.now() - options.tokenTtlMs - REVOCATION_SKEW_MS).toISOString();
    /** Messages this consumer delivered and we applied (the consumer's own delivery count). */
    let applied = 0;
    while (!stopped) {
      let messages: ConsumerMessages;
      try {
        const consumer = await js.consumers.get(feed.stream, {
          filter_subjects: feed.subject,
          deliver_policy: DeliverPolicy.StartTime,
          opt_start_time: startTime,
        });
        messages = await consumer.consume({ max_messages: 256, expires: 10_000 });
        open.add(messages);
        // Caught up once everything the consumer had pending was delivered and applied (the
        // message with `pending` 0 says so too; an empty replay has none).
        void (async () => {
          while (!stopped && pending.has(feed.stream)) {
            const info = await consumer.info().catch(() => undefined);
            if (info && info.num_pending === 0 && info.delivered.consumer_seq <= applied) markCaughtUp(feed.stream);
            else await new Promise((resolve) => setTimeout(resolve, 50).unref());
          }
        })();
      } catch (error) {
        if (stopped) return;
        const missing = /stream not found/i.test(String((error as Error)?.message));
        if (missing) markCaughtUp(feed.stream);
        else logger.warn({ err: error, stream: feed.stream }, 'revocations: consumer could not be created; retrying');
        await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1_000).unref());
        continue;
      }
      try {
        for await (const message of messages) {
          applied++;
          try {
            const userId = list.apply(message.subject, message.json());
            if (userId && message.subject !== AccountUnsuspendedV1.type) options.onRevoked?.(userId);
          } catch (error) {
            logger.error({ err: error, subject: message.subject, seq: message.seq }, 'revocations: an event could not be applied');
          }
          if (message.info.pending === 0) markCaughtUp(feed.stream);
        }
      } catch (error) {
        if (!stopped) logger.warn({ err: error, stream: feed.stream }, 'revocations: the consumer failed; recreating it');
      } finally {
        open.delete(messages);
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1_000).unref());
    }
  };
  const loops = REVOCATION_FEEDS.map((feed) => runFeed(feed));

  return {
    caughtUp,
    isCaughtUp: () => pending.size === 0,
    async stop() {
      stopped = true;
      clearInterval(prune);
      resolveCaughtUp();
      await Promise.all([...open].map((m) => m.close().catch(() => undefined)));
      await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}

import { DEAD_LETTER_STREAM, type StreamSpec } from '@agora/events';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Log } from './log';

export interface StreamOptions {
  /** Retention by age; default 365 days (read models are rebuilt by replay). */
  maxAgeMs?: number;
  /** JetStream duplicate window; default 10 minutes (≥ the relay's retry horizon). */
  duplicateWindowMs?: number;
  /**
   * Told when this user may not create or update a stream (NATS permissions: only its owner
   * manages it) and so waits for it / leaves it as its owner configured it.
   */
  logger?: Pick<Log, 'info' | 'warn'>;
  /** How often to look again for a stream another user must create; default 1 s. */
  waitIntervalMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_AGE_MS = 365 * DAY_MS;
export const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * The settings Agora owns on a stream. Everything else (replicas, placement, limits set by an
 * operator) is left as the server has it, so ensureStreams never fights a deploy-time tweak.
 * Only fields that nats-server 2.9 understands are used.
 */
function desiredConfig(spec: StreamSpec, options: StreamOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: [...spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(options.maxAgeMs ?? DEFAULT_MAX_AGE_MS),
    duplicate_window: nanos(options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
  };
}

/**
 * Creates or updates the streams (and the dead-letter stream) idempotently. With NATS
 * permissions (access.ts) only a stream's owner may create or change it: a stream this user may
 * not create is waited for (its owner creates it, whenever it starts), and one it may not update
 * is used as it is. Its own streams are ensured first, so two contexts waiting for each other's
 * stream cannot block each other.
 */
export async function ensureStreams(nc: NatsConnection, streams: StreamSpec[], options: StreamOptions = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const specs = [...streams.filter((spec) => spec.name !== DEAD_LETTER_STREAM.name), DEAD_LETTER_STREAM];
  const missing: string[] = [];
  for (const spec of specs) {
    try {
      await ensureStream(jsm, desiredConfig(spec, options));
    } catch (error) {
      if (!isPermissionViolation(error)) throw error;
      if (await streamConfig(jsm, spec.name)) {
        options.logger?.info({ stream: spec.name }, 'stream is managed by its owner; using it as it is');
      } else {
        missing.push(spec.name);
      }
    }
  }
  for (const name of missing) await waitForStream(jsm, name, options);
}

async function waitForStream(jsm: JetStreamManager, name: string, options: StreamOptions): Promise<void> {
  const intervalMs = options.waitIntervalMs ?? 1_000;
  let waited = 0;
  while (!(await streamConfig(jsm, name))) {
    if (waited % 10_000 < intervalMs) options.logger?.warn({ stream: name }, 'waiting for stream (its owning context creates it)');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    waited += intervalMs;
  }
}

/** A request NATS refused for this user's permissions (nats.js: RequestError caused by PermissionViolationError). */
export function isPermissionViolation(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    if ((cause as { name?: unknown }).name === 'PermissionViolationError') return true;
    if (cause instanceof Error && /permissions violation/i.test(cause.message)) return true;
  }
  return false;
}

async function ensureStream(jsm: JetStreamManager, desired: Partial<StreamConfig> & { name: string }): Promise<void> {
  const existing = await streamConfig(jsm, desired.name);
  if (!existing) {
    try {
      await jsm.streams.add(desired);
      return;
    } catch (error) {
      // Another instance created it between our info and add: fall through to the update path.
      if (!(await streamConfig(jsm, desired.name))) throw error;
    }
  }
  const current = (await streamConfig(jsm, desired.name))!;
  if (current.storage !== desired.storage || current.retention !== desired.retention) {
    // The server cannot change these in place; moving data between them is an operator's job.
    throw new Error(
      `stream ${desired.name} exists with storage=${current.storage} retention=${current.retention}; ` +
        `expected storage=${desired.storage} retention=${desired.retention} (migrate it by hand)`,
    );
  }
  if (isUpToDate(current, desired)) return;
  const { name: _name, storage: _storage, retention: _retention, ...changes } = desired;
  await jsm.streams.update(desired.name, { ...current, ...changes });
}

async function streamConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw error;
  }
}

function isUpToDate(current: StreamConfig, desired: Partial<StreamConfig>): boolean {
  return (
    sameSet(current.subjects ?? [], desired.subjects ?? []) &&
    current.discard === desired.discard &&
    current.max_age === desired.max_age &&
    current.duplicate_window === desired.duplicate_window
  );
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

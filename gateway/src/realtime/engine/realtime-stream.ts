import type { SourcedStreamSpec } from '@agora/realtime';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
  type StreamSource,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/**
 * Creates or updates the sourced REALTIME stream (no subjects of its own: the server copies the
 * producing contexts' events in) idempotently, so any number of gateway instances can start at
 * once. Sources get `opt_start_time` = now when they are added: a new stream (or a source added
 * later) copies events from then on, never a source's whole history. Sources already configured
 * keep their settings, so a restart never re-copies anything. Returns the stream's info.
 */
export async function ensureRealtimeStream(jsm: JetStreamManager, spec: SourcedStreamSpec, now: Date = new Date()): Promise<StreamInfo> {
  const startTime = now.toISOString();
  const desiredSources = spec.sources.map((source): StreamSource => ({
    name: source.stream,
    opt_start_time: startTime,
    ...(source.filterSubject !== undefined && { filter_subject: source.filterSubject }),
  }));
  const maxAge = nanos(spec.maxAgeMs);

  let info = await streamInfo(jsm, spec.name);
  if (!info) {
    try {
      return await jsm.streams.add({
        name: spec.name,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_age: maxAge,
        sources: desiredSources,
      });
    } catch (error) {
      // Another instance created it between our info and add: fall through to the update path.
      info = await streamInfo(jsm, spec.name);
      if (!info) throw error;
    }
  }

  const current = info.config;
  if (current.storage !== StorageType.File || current.retention !== RetentionPolicy.Limits) {
    // The server cannot change these in place; moving a stream between them is an operator's job.
    throw new Error(
      `stream ${spec.name} exists with storage=${current.storage} retention=${current.retention}; ` +
        `expected storage=${StorageType.File} retention=${RetentionPolicy.Limits} (recreate it by hand)`,
    );
  }
  const existing = current.sources ?? [];
  const sources = desiredSources.map((wanted) => existing.find((have) => sameSource(have, wanted)) ?? wanted);
  const sourcesChanged = existing.length !== sources.length || !sources.every((source) => existing.includes(source));
  if (!sourcesChanged && current.max_age === maxAge && (current.subjects ?? []).length === 0) return info;
  const update: Partial<StreamConfig> = { ...current, subjects: [], max_age: maxAge, discard: DiscardPolicy.Old, sources };
  return jsm.streams.update(spec.name, update);
}

function sameSource(a: StreamSource, b: StreamSource): boolean {
  return a.name === b.name && (a.filter_subject ?? '') === (b.filter_subject ?? '');
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw error;
  }
}

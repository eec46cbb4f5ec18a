import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findNatsServer } from '@agora/testing';
import * as events from '@agora/events';
import { allContracts, DEAD_LETTER_STREAM, STREAMS, type EventContract } from '@agora/events';
import {
  NATS_ACCESS,
  NATS_ADMIN_USER,
  natsPasswordVariable,
  natsPermissions,
  natsUserNames,
  REALTIME_STREAM_NAME,
  renderDeployNatsConfig,
} from '../src/index';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const registry = JSON.parse(readFileSync(join(ROOT, 'schema/subgraphs.json'), 'utf8')) as { subgraphs: { name: string; dir: string }[] };
const streamNames = new Set(Object.values(STREAMS).map((stream) => stream.name));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry) && !/\.test\.ts$/.test(entry) ? [path] : [];
  });
}

/** The `streams: [STREAMS.X, …]` a context's definition lists (read from its source, not run). */
function definitionStreams(dir: string): string[] {
  const found = sourceFiles(join(ROOT, dir, 'src'))
    .map((file) => readFileSync(file, 'utf8').match(/streams:\s*\[([^\]]*)\]/))
    .filter((match): match is RegExpMatchArray => match !== null);
  expect(found, `${dir}: one \`streams: [...]\` in its definition`).toHaveLength(1);
  return [...found[0]![1]!.matchAll(/STREAMS\.([A-Z_]+)/g)].map((match) => STREAMS[match[1] as keyof typeof STREAMS].name);
}

/** Streams of the contracts a context's source names (what it can consume or publish). */
function referencedStreams(dir: string): Set<string> {
  const contracts = (Object.entries(events) as [string, unknown][]).filter((entry): entry is [string, EventContract] =>
    allContracts.includes(entry[1] as EventContract),
  );
  const text = sourceFiles(join(ROOT, dir, 'src'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return new Set(contracts.filter(([name]) => new RegExp(`\\b${name}\\b`).test(text)).map(([, contract]) => contract.stream));
}

describe('the NATS access declaration', () => {
  it('has one user per registered context, the gateway and agora-admin', () => {
    expect(natsUserNames().sort()).toEqual([...registry.subgraphs.map((s) => s.name), 'gateway', NATS_ADMIN_USER].sort());
  });

  it.each(registry.subgraphs.map((s) => [s.name, s.dir] as const))(
    "%s: its definition's streams are its own plus exactly the ones it is declared to consume",
    (name, dir) => {
      const access = NATS_ACCESS[name]!;
      const declared = [...access.owns, ...access.consumes].map((stream) => stream.name);
      expect(new Set(definitionStreams(dir))).toEqual(new Set(declared));
      // Every foreign contract its code names comes from a stream it consumes.
      const own = new Set(access.owns.map((stream) => stream.name));
      const foreign = [...referencedStreams(dir)].filter((stream) => !own.has(stream));
      for (const stream of foreign) expect(declared, `${name} names a contract of ${stream}`).toContain(stream);
    },
  );

  it("lets every contract's producer publish it, and nobody else", () => {
    for (const contract of allContracts) {
      const publishers = Object.keys(NATS_ACCESS).filter((user) =>
        natsPermissions(user).publish.allow.includes(`${contract.type.split('.')[0]}.>`),
      );
      const owner = Object.entries(NATS_ACCESS).find(([, access]) => access.owns.some((stream) => stream.name === contract.stream))?.[0];
      expect(publishers, contract.type).toEqual([owner]);
      expect(streamNames.has(contract.stream)).toBe(true);
    }
  });

  it('keeps the gateway to reading REALTIME and the revocation streams (no event subjects, no DLQ, no stream changes but REALTIME)', () => {
    // Read from the realtime context's source, not imported: shared packages know no context.
    const realtimeStream = readFileSync(join(ROOT, 'subgraphs/realtime/src/infrastructure/realtime-stream.ts'), 'utf8');
    expect(realtimeStream).toMatch(new RegExp(`REALTIME_STREAM[^=]*= Object\\.freeze\\(\\{\\s*name: '${REALTIME_STREAM_NAME}'`));
    const { publish, subscribe } = natsPermissions('gateway');
    expect(publish.allow.every((subject) => subject.startsWith('$JS.'))).toBe(true);
    expect(publish.allow.filter((subject) => !subject.includes('.REALTIME') && subject !== '$JS.API.INFO')).toEqual(
      // The revocation list (ADR 14) reads MODERATION and IDENTITY with consumers of its own, and nothing else.
      ['MODERATION', 'IDENTITY'].flatMap((stream) => [
        `$JS.API.STREAM.INFO.${stream}`,
        `$JS.API.CONSUMER.CREATE.${stream}.>`,
        `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
        `$JS.API.CONSUMER.INFO.${stream}.>`,
        `$JS.API.CONSUMER.DELETE.${stream}.>`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
        `$JS.ACK.${stream}.>`,
      ]),
    );
    expect(subscribe.allow).toEqual(['_INBOX_gateway.>']);
  });

  it('grants contexts no wildcard beyond their own subjects, DLQ subjects and consumed streams', () => {
    for (const user of Object.keys(NATS_ACCESS)) {
      const { publish } = natsPermissions(user);
      expect(publish.allow).not.toContain('>');
      expect(publish.allow.filter((subject) => subject.startsWith('dlq.'))).toEqual(user === 'gateway' ? [] : [`dlq.${user}.>`]);
      expect(publish.allow).not.toContain(`$JS.API.STREAM.UPDATE.${DEAD_LETTER_STREAM.name}`);
    }
  });

  it('is what deploy/nats/nats-server.conf says (regenerate: npm run -w @agora/messaging nats-config), and nats-server accepts it', () => {
    const path = join(ROOT, 'deploy/nats/nats-server.conf');
    expect(readFileSync(path, 'utf8')).toBe(renderDeployNatsConfig());
    expect(renderDeployNatsConfig()).not.toMatch(/no_auth_user/);
    const env = { ...process.env, ...Object.fromEntries(natsUserNames().map((user) => [natsPasswordVariable(user), `pw-${user}`])) };
    expect(execFileSync(findNatsServer()!, ['-c', path, '-t'], { env, encoding: 'utf8', stdio: 'pipe' })).toBeDefined();
  });
});

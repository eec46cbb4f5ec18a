/**
 * `npm run bench:upload-memory` — the platform as `npm start` runs it (random ports, a temp data
 * dir), one 100 MiB video uploaded through the gateway's /media proxy, and the resident memory of
 * the media and gateway processes sampled from /proc every 20 ms while it streams. Prints the
 * baseline, the peak and the growth per process; an upload that buffered the body would grow by
 * at least its size (100 MiB).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gql } from '@agora/testing';
import { newPerson, register, startTestPlatform } from '../e2e/support';
// eslint-disable-next-line import-x/no-relative-packages -- media's test fixtures are no export of @agora/media; the bench shares them
import { minimalMp4 } from '../subgraphs/media/test/support/images';

const SIZE = 100 * 1024 * 1024;
const rssMiB = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
};

const platform = await startTestPlatform({ env: { LOG_LEVEL: 'warn' } });
try {
  const pids = Object.fromEntries(platform.services.filter((s) => ['media', 'gateway'].includes(s.name)).map((s) => [s.name, s.pid]));
  const session = await register(platform.gatewayUrl, newPerson('mem'));
  const ticket = await gql(
    platform.gatewayUrl,
    `mutation($input: CreateUploadInput!) { createUpload(input: $input) { item { id } uploadUrl headers { name value } } }`,
    { input: { kind: 'VIDEO', contentType: 'video/mp4', byteSize: SIZE } },
    { token: session.accessToken },
  );
  if (ticket.errors) throw new Error(JSON.stringify(ticket.errors));
  const { uploadUrl, headers } = ticket.data.createUpload;

  const baseline = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMiB(pid)]));
  const peak = { ...baseline };
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name]!, rssMiB(pid));
  }, 20);

  const head = minimalMp4();
  const chunk = Buffer.alloc(256 * 1024, 0);
  const body = Readable.from(
    (function* () {
      yield head;
      let sent = head.length;
      while (sent < SIZE) {
        const part = chunk.subarray(0, Math.min(chunk.length, SIZE - sent));
        sent += part.length;
        yield part;
      }
    })(),
  );
  const started = performance.now();
  const res = await fetch(uploadUrl, {
    method: 'PUT',
    headers: Object.fromEntries(headers.map((h: { name: string; value: string }) => [h.name, h.value])),
    body: Readable.toWeb(body) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const answer = await res.text();
  clearInterval(sampler);
  console.log(`PUT ${SIZE / 1024 / 1024} MiB → ${res.status} ${answer} in ${Math.round(performance.now() - started)} ms`);
  console.log('process   baseline MiB   peak MiB   growth MiB');
  for (const name of Object.keys(pids)) {
    console.log(
      `${name.padEnd(9)} ${baseline[name]!.toFixed(1).padStart(12)} ${peak[name]!.toFixed(1).padStart(10)} ${(peak[name]! - baseline[name]!).toFixed(1).padStart(12)}`,
    );
  }
  if (res.status !== 200) process.exitCode = 1;
} finally {
  await platform.stop();
}

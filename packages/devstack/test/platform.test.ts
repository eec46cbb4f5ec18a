import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort, isProcessRunning, natsAcceptsConnections, startNats, tempDir, waitFor, type TempDir } from '@agora/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../src/platform';
import { collector, FIXTURE_ROOT, natsPidFromLog, pidFromLog, report } from './helpers';

let data: TempDir;
let platform: Platform | undefined;
beforeEach(async () => {
  data = await tempDir('agora-devstack-');
});
afterEach(async () => {
  await platform?.stop();
  platform = undefined;
  await data.remove();
});

describe('startPlatform', () => {
  it('starts NATS, the subgraphs and then the gateway on free ports, wired through env', async () => {
    const output = collector();
    platform = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      env: { EXTRA_SETTING: 'on', SMTP_URL: 'smtp://127.0.0.1:2525' },
      output: output.sink,
    });

    expect(platform.services.map((service) => service.name)).toEqual(['identity', 'alpha', 'gateway']);
    expect(platform.gatewayUrl).toBe(platform.services[2]!.url);
    expect(await natsAcceptsConnections(Number(new URL(platform.natsUrl).port))).toBe(true);
    expect(platform.nats?.storeDir).toBe(join(data.path, 'nats'));

    const reports = await Promise.all(platform.services.map((service) => report(service.url)));
    const [identity, alpha, gateway] = reports;
    const secret = identity!.env.AGORA_INTERNAL_SECRET!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    for (const [index, fixture] of reports.entries()) {
      const service = platform.services[index]!;
      expect(fixture.pid).toBe(service.pid);
      expect(fixture.env).toMatchObject({
        HOST: '127.0.0.1',
        NATS_URL: platform.natsUrl,
        DATA_DIR: data.path,
        LOG_LEVEL: expect.any(String),
        AGORA_INTERNAL_SECRET: secret,
        EXTRA_SETTING: 'on',
        // Mail settings pass through; mail links point at the gateway it started.
        SMTP_URL: 'smtp://127.0.0.1:2525',
        AGORA_PUBLIC_URL: `http://127.0.0.1:${platform.services[2]!.port}`,
        [`${service.name.toUpperCase()}_PORT`]: String(service.port),
      });
    }
    expect(alpha!.env.IDENTITY_URL).toBeUndefined();
    expect(gateway!.env).toMatchObject({
      IDENTITY_URL: platform.services[0]!.url,
      ALPHA_URL: platform.services[1]!.url,
      IDENTITY_JWKS_URL: `http://127.0.0.1:${platform.services[0]!.port}/.well-known/jwks.json`,
    });

    expect(output.of('alpha')).toContain(`alpha listening on 127.0.0.1:${platform.services[1]!.port}`);
    expect(output.of('alpha')).toContain('alpha writes to stderr too');
    expect(output.of('nats').some((line) => line.includes('Server is ready'))).toBe(true);
  });

  it('stop() ends every service, their child processes and NATS; calling it again is harmless', async () => {
    platform = await startPlatform({ rootDir: FIXTURE_ROOT, dataDir: data.path, randomPorts: true, output: 'ignore' });
    const reports = await Promise.all(platform.services.map((service) => report(service.url)));
    const pids = [...reports.flatMap((r) => [r.pid, r.grandchildPid]), platform.nats!.pid!];
    expect(pids.every(isProcessRunning)).toBe(true);

    await platform.stop();
    expect(pids.filter(isProcessRunning)).toEqual([]);
    await platform.stop();
  });

  it('waits for /health/ready to answer 200, not merely for the port to open', async () => {
    platform = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      output: 'ignore',
      env: { FIXTURE_READY_AFTER_MS: '1500' },
    });
    const reports = await Promise.all(platform.services.map((service) => report(service.url)));
    expect(reports.every((r) => r.notReadyAnswers > 0)).toBe(true);
    const ready = await fetch(new URL('/health/ready', platform.gatewayUrl));
    expect(ready.status).toBe(200);
  });

  it('fails fast with the last output of a service that exits early, and stops the others', async () => {
    const output = collector();
    const started = Date.now();
    const failure = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      output: output.sink,
      env: { FIXTURE_ALPHA_MODE: 'crash' },
    }).catch((error: Error) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^alpha exited with code 2; last output:[\s\S]*alpha: boom, config is missing/);
    expect(Date.now() - started).toBeLessThan(30_000); // not the 60 s readiness timeout
    // NATS is started (and awaited) before any service, so its pid is always logged. The sibling
    // service may be stopped before it printed its own pid when the crash comes first under load.
    const natsPid = natsPidFromLog(output.of('nats'));
    expect(natsPid).toBeDefined();
    const leftovers = [natsPid, pidFromLog(output.of('identity'))].filter((pid): pid is number => pid !== undefined);
    expect(leftovers.filter((pid) => isProcessRunning(pid))).toEqual([]);
    expect(output.of('gateway')).toEqual([]); // never started
  });

  it('gives up after readyTimeoutMs with the service output, leaving nothing running', async () => {
    const output = collector();
    const failure = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      output: output.sink,
      readyTimeoutMs: 3_000,
      env: { FIXTURE_READY_AFTER_MS: '600000' },
    }).catch((error: Error) => error);

    expect((failure as Error).message).toMatch(
      /timed out after 3000 ms waiting for (identity|alpha) to become ready; last output:[\s\S]*listening on/,
    );
    const pids = [pidFromLog(output.of('identity')), pidFromLog(output.of('alpha')), natsPidFromLog(output.of('nats'))];
    expect(pids.filter((pid) => pid === undefined || isProcessRunning(pid))).toEqual([]);
  });

  it('kills a service that ignores SIGTERM once stopTimeoutMs has passed', async () => {
    platform = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      output: 'ignore',
      stopTimeoutMs: 500,
      env: { FIXTURE_ALPHA_MODE: 'stubborn' },
    });
    const alpha = platform.services.find((service) => service.name === 'alpha')!;
    await platform.stop();
    expect(isProcessRunning(alpha.pid)).toBe(false);
  });

  it('uses a given NATS instead of starting one', async () => {
    const nats = await startNats();
    try {
      platform = await startPlatform({ rootDir: FIXTURE_ROOT, dataDir: data.path, randomPorts: true, natsUrl: nats.url, output: 'ignore' });
      expect(platform.nats).toBeUndefined();
      expect(platform.natsUrl).toBe(nats.url);
      expect((await report(platform.gatewayUrl)).env.NATS_URL).toBe(nats.url);
      expect(existsSync(join(data.path, 'nats'))).toBe(false);
      await platform.stop();
      expect(await natsAcceptsConnections(nats.port)).toBe(true); // not ours to stop
    } finally {
      await nats.stop();
    }
  });

  it('refuses a fixed port that another process already holds', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    const nats = await startNats();
    try {
      const failure = startPlatform({
        rootDir: FIXTURE_ROOT,
        dataDir: data.path,
        natsUrl: nats.url,
        ports: { identity: port, alpha: await freePort(), gateway: await freePort() },
        output: 'ignore',
      });
      await expect(failure).rejects.toThrow(`port ${port} for identity is already in use`);
    } finally {
      holder.close();
      await nats.stop();
    }
  });

  it('stops what it started when the start-up is aborted', async () => {
    const output = collector();
    const abort = new AbortController();
    const starting = startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      output: (service, line) => {
        output.sink(service, line);
        // Abort while both subgraphs run but are not ready yet.
        if (output.lines.filter((entry) => entry.line.includes(' listening on ')).length === 2) abort.abort();
      },
      signal: abort.signal,
      env: { FIXTURE_READY_AFTER_MS: '600000' },
    });
    await expect(starting).rejects.toThrow('start-up aborted');
    const pids = [pidFromLog(output.of('identity')), pidFromLog(output.of('alpha')), natsPidFromLog(output.of('nats'))];
    expect(pids.filter((pid) => pid === undefined || isProcessRunning(pid))).toEqual([]);
  });

  it('keeps the data directory between runs', async () => {
    const first = await startPlatform({ rootDir: FIXTURE_ROOT, dataDir: data.path, randomPorts: true, output: 'ignore' });
    await first.stop();
    platform = await startPlatform({ rootDir: FIXTURE_ROOT, dataDir: data.path, randomPorts: true, output: 'ignore' });
    expect((await report(platform.services[0]!.url)).starts).toBe(2);
    expect(
      readFileSync(join(data.path, 'alpha', 'starts'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
    expect(existsSync(join(data.path, 'nats', 'jetstream'))).toBe(true);
  });

  it('reports a service that exits after start-up', async () => {
    const exits: string[] = [];
    platform = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      output: 'ignore',
      onUnexpectedExit: (service, description) => exits.push(`${service}: ${description}`),
    });
    const alpha = await report(platform.services[1]!.url);
    process.kill(alpha.pid, 'SIGKILL'); // the service dies, the process it started lives on
    await waitFor(() => exits.length > 0, { message: 'the unexpected exit to be reported' });
    expect(exits[0]).toMatch(/^alpha: alpha was killed by SIGKILL; last output:/);
    expect(isProcessRunning(alpha.grandchildPid)).toBe(true);

    await platform.stop();
    expect(exits).toHaveLength(1); // stop() itself is not reported
    await waitFor(() => !isProcessRunning(alpha.grandchildPid), { message: "the dead service's child to be stopped" });
  });

  it('restarts one service on its port with its env plus extra env, and kills and restarts NATS', async () => {
    const exits: string[] = [];
    platform = await startPlatform({
      rootDir: FIXTURE_ROOT,
      dataDir: data.path,
      randomPorts: true,
      env: { SMTP_URL: 'smtp://127.0.0.1:2525' },
      output: 'ignore',
      onUnexpectedExit: (service) => exits.push(service),
    });
    const alpha = platform.services[1]!;
    const before = await report(alpha.url);
    const exit = await platform.kill('alpha');
    expect(exit.signal).toBe('SIGKILL');
    expect(platform.pidOf('alpha')).toBeUndefined();
    await platform.restart('alpha', { env: { EXTRA_SETTING: 'this run only' } });
    const after = await report(alpha.url);
    expect(after.pid).not.toBe(before.pid);
    expect(alpha.pid).toBe(after.pid);
    expect(after.env).toMatchObject({ SMTP_URL: 'smtp://127.0.0.1:2525', EXTRA_SETTING: 'this run only', ALPHA_PORT: String(alpha.port) });
    // The next run gets the service's own env again; a later crash is reported as unexpected.
    await platform.restart('alpha');
    expect((await report(alpha.url)).env.EXTRA_SETTING).toBeUndefined();
    process.kill(platform.pidOf('alpha')!, 'SIGKILL');
    await waitFor(() => exits.length > 0, { message: 'the crash after a restart to be reported' });
    expect(exits).toEqual(['alpha']);

    const natsPort = Number(new URL(platform.natsUrl).port);
    await platform.nats!.kill();
    expect(await natsAcceptsConnections(natsPort)).toBe(false);
    await platform.nats!.restart();
    expect(await natsAcceptsConnections(natsPort)).toBe(true);
  });

  it('names a missing service entry point before starting anything', async () => {
    await expect(
      startPlatform({
        rootDir: FIXTURE_ROOT,
        dataDir: data.path,
        randomPorts: true,
        output: 'ignore',
        services: [{ name: 'ghost', dir: 'subgraphs/ghost', defaultPort: 4999, kind: 'subgraph' }],
      }),
    ).rejects.toThrow('ghost: subgraphs/ghost/src/main.ts not found');
  });
});

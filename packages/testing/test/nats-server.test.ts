import { existsSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { natsAcceptsConnections, startNats, type NatsServer } from '../src/nats-server';
import { isProcessRunning } from '../src/process-state';
import { tempDir } from '../src/temp-dir';

let server: NatsServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('startNats', () => {
  it('starts a JetStream server on 127.0.0.1 that clients can use right away', async () => {
    server = await startNats();
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(existsSync(server.storeDir)).toBe(true);
    const nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    const stream = await jsm.streams.add({ name: 'PROBE', subjects: ['probe.>'] });
    expect(stream.config.name).toBe('PROBE');
    await nc.close();
  });

  it('stop() ends the process and frees the port', async () => {
    server = await startNats();
    const pid = server.pid!;
    expect(isProcessRunning(pid)).toBe(true);
    await server.stop();
    expect(isProcessRunning(pid)).toBe(false);
    expect(server.pid).toBeUndefined();
    expect(await natsAcceptsConnections(server.port)).toBe(false);
    await server.stop(); // idempotent
  });

  it('restart() comes back on the same port with the JetStream data kept', async () => {
    server = await startNats();
    let nc = await connect({ servers: server.url });
    let jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
    await jsm.jetstream().publish('keep.one', 'hello');
    await nc.close();

    await server.stop();
    await server.restart();

    nc = await connect({ servers: server.url });
    jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('KEEP');
    expect(info.state.messages).toBe(1);
    await nc.close();
  });

  it('refuses to restart a server that is still running', async () => {
    server = await startNats();
    await expect(server.restart()).rejects.toThrow(/stop the NATS server first/);
  });

  it('uses a given store dir and port', async () => {
    const dir = await tempDir();
    const first = await startNats();
    const port = first.port;
    await first.stop();
    server = await startNats({ storeDir: dir.path, port });
    expect(server.port).toBe(port);
    expect(server.storeDir).toBe(dir.path);
    expect(existsSync(`${dir.path}/jetstream`)).toBe(true);
    await server.stop();
    await dir.remove();
  });

  it('fails with the server output when the port is taken by another server', async () => {
    server = await startNats();
    await expect(startNats({ port: server.port, readyTimeoutMs: 5_000 })).rejects.toThrow(
      /nats-server on port \d+ exited with code 1; last output:[\s\S]*address already in use/,
    );
  });
});

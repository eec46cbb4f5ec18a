import { describe, expect, it } from 'vitest';
import { freePort, startNats, waitFor } from '@agora/testing';
import { connectNats, isNatsConnected } from '../src/index';
import { captureLogger } from './support/capture-logger';

describe('connectNats against a real nats-server', () => {
  it('waits for a server that starts after the service, then tracks disconnects and reconnects', async () => {
    const port = await freePort();
    const logger = captureLogger();
    // The service boots first: connectNats must keep trying instead of failing.
    const connecting = connectNats({ servers: `nats://127.0.0.1:${port}`, name: 'late-server', logger, reconnectTimeWaitMs: 100 });
    const server = await startNats({ port });
    try {
      const nc = await connecting;
      expect(isNatsConnected(nc)).toBe(true);

      await server.stop();
      await waitFor(() => !isNatsConnected(nc), { message: 'the disconnect to be noticed' });
      expect(logger.find('NATS disconnected; reconnecting', 'warn').length).toBeGreaterThan(0);

      await server.restart();
      await waitFor(() => isNatsConnected(nc), { message: 'the reconnect' });
      expect(logger.find('NATS reconnected', 'info').length).toBeGreaterThan(0);
      await nc.flush();

      await nc.close();
      expect(isNatsConnected(nc)).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it('accepts a comma-separated server list', async () => {
    const server = await startNats();
    const deadPort = await freePort();
    try {
      const nc = await connectNats({
        servers: `nats://127.0.0.1:${deadPort}, ${server.url}`,
        name: 'list',
        logger: captureLogger(),
        reconnectTimeWaitMs: 100,
      });
      expect(isNatsConnected(nc)).toBe(true);
      expect(nc.getServer()).toBe(`127.0.0.1:${server.port}`);
      await nc.close();
    } finally {
      await server.stop();
    }
  });

  it('with a signal, waits for a late server like without one, and stops waiting when aborted', async () => {
    const port = await freePort();
    const late = new AbortController();
    const connecting = connectNats({
      servers: `nats://127.0.0.1:${port}`,
      name: 'late',
      logger: captureLogger(),
      reconnectTimeWaitMs: 50,
      signal: late.signal,
    });
    const server = await startNats({ port });
    try {
      const nc = await connecting;
      expect(isNatsConnected(nc)).toBe(true);
      await nc.close();
    } finally {
      await server.stop();
    }

    const abandoned = new AbortController();
    const waiting = connectNats({
      servers: `nats://127.0.0.1:${await freePort()}`,
      name: 'abandoned',
      logger: captureLogger(),
      reconnectTimeWaitMs: 50,
      signal: abandoned.signal,
    });
    abandoned.abort(new Error('closing'));
    await expect(waiting).rejects.toThrow('closing');
  });
});

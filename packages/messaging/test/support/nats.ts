import { afterEach, beforeEach } from 'vitest';
import { startNats, type NatsServer } from '@agora/testing';
import { connectNats, type NatsConnection } from '../../src/index';
import { captureLogger } from './capture-logger';

export interface NatsFixture {
  server: NatsServer;
  nc: NatsConnection;
  logger: ReturnType<typeof captureLogger>;
}

/**
 * A fresh nats-server (real binary, JetStream on, temp store dir) and a client per test, so
 * streams and durable consumers never leak between tests. Both are closed after each test.
 */
export function useNats(): () => NatsFixture {
  let fixture: NatsFixture | undefined;
  beforeEach(async () => {
    const server = await startNats();
    const logger = captureLogger();
    const nc = await connectNats({ servers: server.url, name: 'messaging-test', logger, reconnectTimeWaitMs: 100 });
    fixture = { server, nc, logger };
  });
  afterEach(async () => {
    if (!fixture) return;
    await fixture.nc.close();
    await fixture.server.stop();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('useNats: no server (call inside a test)');
    return fixture;
  };
}

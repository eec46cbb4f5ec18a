import { join } from 'node:path';
import { freePort, tempDir, type TempDir } from '@agora/testing';
import { firstError } from './support/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../src/app';
import { loadGatewayConfig } from '../src/config';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

const EMBEDDED_SANDBOX = 'embeddable-sandbox.cdn.apollographql.com';

describe('gateway landing page and health (development)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves the embedded Apollo Sandbox for a browser GET of /graphql', async () => {
    const response = await fetch(h.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain(EMBEDDED_SANDBOX);
    // Sandbox is pointed at the page's own URL, i.e. this endpoint.
    expect(html).toContain('initialEndpoint = window.location.href');
  });

  it('sends a browser opening / to the Sandbox at /graphql', async () => {
    const redirect = await fetch(h.url.replace(/graphql$/, ''), { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/graphql');
    const followed = await fetch(h.url.replace(/graphql$/, ''), { headers: { accept: 'text/html' } });
    expect(followed.url).toBe(h.url);
    expect(await followed.text()).toContain(EMBEDDED_SANDBOX);
  });

  it('reports live and ready once the supergraph is loaded', async () => {
    const base = h.url.replace(/\/graphql$/, '');
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { supergraph: true, realtime: false, revocations: false } });
    expect(h.gateway.isReady()).toBe(true);
  });
});

describe('gateway landing page (production)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves no landing page (no third-party scripts) and no redirect in production', async () => {
    const response = await fetch(h.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type')).not.toContain('text/html');
    expect(await response.text()).not.toContain('cdn.apollographql.com');
    const root = await fetch(h.url.replace(/graphql$/, ''), { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(root.status).toBe(404);
  });
});

describe('gateway without a loadable supergraph', () => {
  let dir: TempDir;
  let gateway: RunningGateway;
  beforeAll(async () => {
    dir = await tempDir('agora-gateway-missing-');
    const config = loadGatewayConfig({
      HOST: '127.0.0.1',
      GATEWAY_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      SUPERGRAPH_PATH: join(dir.path, 'does-not-exist.graphql'),
    });
    gateway = await startGateway(config);
  });
  afterAll(async () => {
    await gateway?.close();
    await dir?.remove();
  });

  it('stays live but not ready, says how to fix it, and answers /graphql with 503', async () => {
    await expect(gateway.ready).rejects.toThrow(/supergraph not found at .*does-not-exist\.graphql: run `npm run schema:compose`/);
    const base = gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { supergraph: false, realtime: false, revocations: false } });
    const graphql = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(graphql.status).toBe(503);
    expect((await firstError(graphql)).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', reason: 'GATEWAY.NOT_READY' });
  });
});

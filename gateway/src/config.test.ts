import { join } from 'node:path';
import { DEV_INTERNAL_SECRET } from '@agora/service-kit';
import { describe, expect, it } from 'vitest';
import { gatewayEnvSchema, loadGatewayConfig } from './config';
import { findRepoRoot } from './supergraph/registry';

describe('gateway config', () => {
  it('has working defaults for `npm start`', () => {
    expect(loadGatewayConfig({})).toEqual({
      production: false,
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      supergraphPath: join(findRepoRoot(), 'schema/supergraph.graphql'),
      subgraphUrlEnv: {},
      auth: { jwksUrl: 'http://127.0.0.1:4001/.well-known/jwks.json', issuer: 'urn:agora:identity', audience: 'urn:agora:api' },
      internalSecret: DEV_INTERNAL_SECRET,
      revocations: { required: false, accessTokenTtlSeconds: 900 },
      realtime: {
        natsServers: 'nats://127.0.0.1:4222',
        maxSubscriptionsPerConnection: 50,
        maxSubscriptionsPerViewer: 200,
        maxMessageBytes: 65536,
        keepAliveMs: 15000,
        bufferMessages: 200,
      },
      trustProxy: false,
      rateLimits: { enabled: true, perMinute: 1200 },
    });
  });

  it('reads GATEWAY_TRUST_PROXY the way express reads `trust proxy`, and refuses what express would', () => {
    expect(loadGatewayConfig({ GATEWAY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadGatewayConfig({ GATEWAY_TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
    expect(loadGatewayConfig({ GATEWAY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadGatewayConfig({ GATEWAY_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(gatewayEnvSchema.safeParse({ GATEWAY_TRUST_PROXY: 'not-an-address' }).success).toBe(false);
  });

  it('reads the rate budget; AGORA_RATE_LIMITS=off turns it off outside production', () => {
    expect(loadGatewayConfig({ AGORA_RATE_LIMITS: 'off', GATEWAY_RATE_LIMIT_PER_MINUTE: '30' }).rateLimits).toEqual({
      enabled: false,
      perMinute: 30,
    });
    expect(gatewayEnvSchema.safeParse({ GATEWAY_RATE_LIMIT_PER_MINUTE: '0' }).success).toBe(false);
  });

  it('reads overrides, and collects <NAME>_URL variables for subgraph routing', () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      GATEWAY_PORT: '8080',
      AGORA_INTERNAL_SECRET: 's'.repeat(40),
      AUTH_ISSUER: 'https://id.example',
      AUTH_AUDIENCE: 'https://api.example',
      IDENTITY_JWKS_URL: 'https://id.example/jwks.json',
      POSTS_URL: 'http://posts:4003',
      NATS_URL: 'nats://127.0.0.1:4222',
      HOME: '/root',
    });
    expect(config).toMatchObject({ production: true, host: '0.0.0.0', port: 8080, internalSecret: 's'.repeat(40) });
    expect(config.auth).toEqual({ jwksUrl: 'https://id.example/jwks.json', issuer: 'https://id.example', audience: 'https://api.example' });
    // Only consulted for names in the supergraph's join__Graph; the JWKS URL is not a subgraph.
    expect(config.subgraphUrlEnv).toEqual({ POSTS_URL: 'http://posts:4003' });
    expect(config.realtime.natsServers).toBe('nats://127.0.0.1:4222');
  });
});

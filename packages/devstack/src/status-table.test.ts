import { describe, expect, it } from 'vitest';
import { statusReport } from './status-table';
import type { ServiceDefinition } from './service-registry';

const services: ServiceDefinition[] = [
  { name: 'identity', dir: 'subgraphs/identity', defaultPort: 4001, kind: 'subgraph' },
  { name: 'posts', dir: 'subgraphs/posts', defaultPort: 4003, kind: 'subgraph' },
  { name: 'gateway', dir: 'gateway', defaultPort: 4000, kind: 'gateway' },
];
const platform = {
  natsUrl: 'nats://127.0.0.1:4222',
  nats: { pid: 10, storeDir: '/repo/.data/nats' },
  dataDir: '/repo/.data',
  gatewayUrl: 'http://127.0.0.1:4000/graphql',
  services: [
    { name: 'identity', url: 'http://127.0.0.1:4001/graphql', port: 4001, pid: 11 },
    { name: 'posts', url: 'http://127.0.0.1:4003/graphql', port: 4003, pid: 12 },
    { name: 'gateway', url: 'http://127.0.0.1:4000/graphql', port: 4000, pid: 13 },
  ],
};

describe('statusReport', () => {
  it('lists every process with its URL, pid and data, and the Sandbox URL', () => {
    const env = { POSTS_DATABASE_URL: 'postgres://agora:secret@db/posts' };
    expect(statusReport(platform, services, env, '/repo')).toBe(
      [
        '',
        'Agora is running (data in .data):',
        '',
        '  service    url                             pid   data',
        '  nats       nats://127.0.0.1:4222           10    .data/nats',
        '  identity   http://127.0.0.1:4001/graphql   11    .data/identity (PGlite)',
        '  posts      http://127.0.0.1:4003/graphql   12    Postgres (POSTS_DATABASE_URL)',
        '  gateway    http://127.0.0.1:4000/graphql   13    -',
        '',
        'Gateway (Apollo Sandbox): http://localhost:4000/graphql   — Ctrl-C stops everything',
        'Subscriptions:            ws://localhost:4000/graphql · SSE http://localhost:4000/graphql/stream',
        'Mail:                     written as .eml files to .data/mail/ (set SMTP_URL to send)',
        '',
      ].join('\n'),
    );
  });

  it('shows full paths outside the working directory and an external NATS', () => {
    const report = statusReport({ ...platform, nats: undefined }, services, {}, '/elsewhere');
    expect(report).toContain('  nats       nats://127.0.0.1:4222           -     (external, NATS_URL)');
    expect(report).toContain('/repo/.data/identity (PGlite)');
    expect(report).not.toContain('secret');
  });

  it('says mail goes over SMTP when SMTP_URL is set, without printing it', () => {
    const report = statusReport(platform, services, { SMTP_URL: 'smtp://user:secret@mail.example:587' }, '/repo');
    expect(report).toContain('Mail:                     sent over SMTP (SMTP_URL)');
    expect(report).not.toContain('secret');
  });
});

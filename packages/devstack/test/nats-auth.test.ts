import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectNats, NatsAuthorizationError } from '@agora/messaging';
import { jetstreamManager } from '@nats-io/jetstream';
import { tempDir, type TempDir } from '@agora/testing';
import { startPlatform, type Platform } from '../src/platform';
import { FIXTURE_ROOT, report } from './helpers';

const quiet = () => {};
const SILENT = { debug: quiet, info: quiet, warn: quiet, error: quiet };

let data: TempDir;
let platform: Platform | undefined;
beforeEach(async () => {
  data = await tempDir('agora-devstack-nats-');
});
afterEach(async () => {
  await platform?.stop();
  platform = undefined;
  await data.remove();
});

describe('startPlatform with its own NATS', () => {
  it('generates credentials (0600 files), gives each declared service its user, refuses anonymous clients, and ensures the streams', async () => {
    platform = await startPlatform({ rootDir: FIXTURE_ROOT, dataDir: data.path, randomPorts: true, output: 'ignore' });
    const credentials = platform.natsCredentials!;
    expect(credentials.admin.user).toBe('agora-admin');
    expect(Object.keys(credentials.passwords)).toEqual(expect.arrayContaining(['identity', 'gateway', 'agora-admin']));

    for (const file of ['nats-server.conf', 'nats-credentials.json']) expect(statSync(join(data.path, file)).mode & 0o777).toBe(0o600);
    const written = JSON.parse(readFileSync(join(data.path, 'nats-credentials.json'), 'utf8'));
    expect(written).toEqual({ url: platform.natsUrl, ...credentials });

    const envOf = async (name: string) =>
      (await report(platform!.services.find((s) => s.name === name)!.url)).env as Record<string, string>;
    expect(await envOf('identity')).toMatchObject({ NATS_USER: 'identity', NATS_PASSWORD: credentials.passwords.identity });
    expect(await envOf('gateway')).toMatchObject({ NATS_USER: 'gateway', NATS_PASSWORD: credentials.passwords.gateway });
    expect((await envOf('alpha')).NATS_USER).toBeUndefined(); // no declared access: no credentials

    const anonymous = await connectNats({ servers: platform.natsUrl, name: 'anon', logger: SILENT }).catch((error: unknown) => error);
    expect(anonymous).toBeInstanceOf(NatsAuthorizationError);

    const admin = await connectNats({ servers: platform.natsUrl, name: 'tools', logger: SILENT, ...credentials.admin });
    try {
      const names: string[] = [];
      for await (const stream of (await jetstreamManager(admin)).streams.list()) names.push(stream.config.name);
      expect(names.sort()).toEqual([
        'COMMENTS',
        'DLQ',
        'FEED',
        'IDENTITY',
        'MEDIA',
        'MODERATION',
        'NOTIFICATIONS',
        'POSTS',
        'PROFILES',
        'REACTIONS',
        'SOCIAL',
      ]);
    } finally {
      await admin.close();
    }
  });
});

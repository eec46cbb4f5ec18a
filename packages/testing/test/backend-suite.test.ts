import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { startOnBackend } from '../src/backend-suite';
import { natsAcceptsConnections } from '../src/nats-server';

const accepts = (url: string) => natsAcceptsConnections(Number(new URL(url).port));

describe('startOnBackend', () => {
  it('on PGlite: NATS for the suite and an in-memory database override; close stops the suite, then NATS', async () => {
    const order: string[] = [];
    const suite = await startOnBackend(
      'pglite',
      'social',
      async ({ env, overrides }) => ({ env, overrides }),
      async () => void order.push('suite'),
    );
    expect(suite.overrides).toEqual({ database: { memory: true } });
    expect(Object.keys(suite.env)).toEqual(['NATS_URL']);
    expect(await accepts(suite.env.NATS_URL!)).toBe(true);
    await suite.close();
    expect(order).toEqual(['suite']);
    expect(await accepts(suite.env.NATS_URL!)).toBe(false);
  });

  it('on Postgres: a database of its own as <CTX>_DATABASE_URL, dropped on close', async () => {
    const suite = await startOnBackend(
      'postgres',
      'user-search',
      async ({ env }) => env,
      async () => {},
    );
    const url = suite.USER_SEARCH_DATABASE_URL!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
    await suite.close();
    const again = new pg.Client({ connectionString: url });
    await expect(again.connect()).rejects.toThrow(/does not exist/);
  });

  it('leaves nothing running when the suite fails to start', async () => {
    let natsUrl = '';
    await expect(
      startOnBackend(
        'pglite',
        'social',
        async ({ env }) => {
          natsUrl = env.NATS_URL!;
          throw new Error('boom');
        },
        async () => {},
      ),
    ).rejects.toThrow('boom');
    expect(await accepts(natsUrl)).toBe(false);
  });
});

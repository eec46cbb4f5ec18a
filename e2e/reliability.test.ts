/**
 * Delivery guarantees across contexts, with real processes, real NATS JetStream and the real
 * PGlite data directories:
 * - an event written while NATS is down is delivered once NATS is back;
 * - a relay that died after publishing but before marking the outbox row (we recreate exactly that
 *   state: the row is published to JetStream but unmarked) republishes on restart without a
 *   second effect downstream;
 * - the same event delivered again under a different Nats-Msg-Id (past JetStream's duplicate
 *   window) is absorbed by the consumer's inbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Platform } from '@agora/devstack';
import { startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { newPerson, register, startTestPlatform, waitForProfile } from './support';

interface StoredEvent {
  id: string;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Every envelope currently stored in a stream, oldest first. */
async function readStream(nc: NatsConnection, stream: string): Promise<StoredEvent[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const events: StoredEvent[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (msg) events.push(msg.json<StoredEvent>());
  }
  return events;
}

describe('event delivery across identity → profiles (real processes)', () => {
  let nats: NatsServer;
  let data: TempDir;
  let platform: Platform | undefined;
  let nc: NatsConnection;

  beforeAll(async () => {
    data = await tempDir('agora-e2e-reliability-');
    nats = await startNats();
    platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url });
  });

  afterAll(async () => {
    await nc?.close().catch(() => {});
    await platform?.stop();
    await nats?.stop();
    await data?.remove();
  });

  const alice = newPerson('alice');
  const bob = newPerson('bob');
  let bobId: string;

  it('delivers an event written while NATS was down once NATS returns', async () => {
    const url = platform!.gatewayUrl;
    await register(url, alice);
    await waitForProfile(url, alice.username);

    await nats.stop();
    // Identity keeps serving: the event waits in its outbox.
    bobId = (await register(url, bob)).userId;
    await nats.restart();

    await expect(waitForProfile(url, bob.username, 30_000)).resolves.toBe(bob.username);
  });

  it('republishes an unmarked outbox row after a relay crash without a second downstream effect', async () => {
    await platform!.stop();
    platform = undefined;

    // The state a crash between "JetStream acked" and "row marked published" leaves behind.
    const identityDb = new PGlite(join(data.path, 'identity'));
    const reset = await identityDb.query(
      `UPDATE outbox SET published_at = NULL WHERE type = 'identity.account.registered.v1' AND aggregate_id = $1`,
      [bobId],
    );
    expect(reset.affectedRows).toBe(1);
    await identityDb.close();

    platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url });
    // Outbox rows are relayed in order, so once a newer account's profile exists the reset row was republished.
    const carol = newPerson('carol');
    await register(platform.gatewayUrl, carol);
    await waitForProfile(platform.gatewayUrl, carol.username, 30_000);

    nc = await connect({ servers: nats.url });
    const registered = (await readStream(nc, 'IDENTITY')).filter((e) => e.type === 'identity.account.registered.v1');
    expect(registered.filter((e) => e.aggregateId === bobId)).toHaveLength(1);
    expect(registered).toHaveLength(3);
    const created = (await readStream(nc, 'PROFILES')).filter((e) => e.type === 'profiles.profile.created.v1');
    expect(created.filter((e) => e.aggregateId === bobId)).toHaveLength(1);
    expect(created).toHaveLength(3);

    // And the row really was republished and marked by the restarted relay.
    await platform.stop();
    platform = undefined;
    const check = new PGlite(join(data.path, 'identity'));
    const rows = await check.query<{ published: boolean }>(
      `SELECT published_at IS NOT NULL AS published FROM outbox WHERE aggregate_id = $1`,
      [bobId],
    );
    await check.close();
    expect(rows.rows).toEqual([{ published: true }]);
  });

  it("absorbs a redelivered event with a new Nats-Msg-Id in the consumer's inbox", async () => {
    platform = await startTestPlatform({ dataDir: data.path, natsUrl: nats.url });
    const original = (await readStream(nc, 'IDENTITY')).find((e) => e.aggregateId === bobId)!;
    const js = jetstream(nc);
    // Same event id inside the envelope, different msgID: JetStream stores it again.
    await js.publish(original.type, JSON.stringify(original), { msgID: `${original.id}-replayed` });

    const jsm = await jetstreamManager(nc);
    const durable = 'profiles--create-profile-on-account-registered';
    await waitFor(
      async () => {
        const info = await jsm.consumers.info('IDENTITY', durable);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeoutMs: 20_000, message: 'profiles never acked the replayed event' },
    );
    const created = (await readStream(nc, 'PROFILES')).filter((e) => e.type === 'profiles.profile.created.v1' && e.aggregateId === bobId);
    expect(created).toHaveLength(1);
  });
});

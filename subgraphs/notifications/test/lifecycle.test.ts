/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in
 * `<DATA_DIR>/notifications`, health endpoints, and a clean stop (the shared lifecycle suite);
 * notifications keeps the notification of a follow it learnt of from the SOCIAL stream.
 */
import { connectNats } from '@agora/messaging';
import { gql, publishEnvelope, waitFor } from '@agora/testing';
import { defineLifecycleSuite } from '@agora/testing/suites';
import { jetstream } from '@nats-io/jetstream';
import { expect } from 'vitest';
import { startNotifications } from '../src/app';
import { aPerson, followCreated, type Person } from '../src/application/testing/events.mother';
import { NOTIFICATIONS } from './support/operations';
import { identityHeaders, testConfig, testLogger } from './support/notifications-harness';

const read = async (url: string, reader: Person) =>
  (await gql(url, NOTIFICATIONS, {}, { headers: await identityHeaders(reader) })).data?.notifications.edges as unknown[] | undefined;

defineLifecycleSuite({
  name: 'notifications',
  inProcess: {
    config: testConfig,
    start: (config) => startNotifications(config, { logger: testLogger() }),
    async write(app, { nats }) {
      const [ann, bob] = [aPerson('ann'), aPerson('bob')];
      const nc = await connectNats({ servers: nats.url, name: 'notifications-lifecycle-test', logger: testLogger() });
      try {
        await publishEnvelope(jetstream(nc), followCreated(bob, ann));
        await waitFor(async () => (await read(app.url, ann))?.length === 1, { timeoutMs: 20_000, message: 'the follow notified' });
      } finally {
        await nc.drain();
      }
      return ann;
    },
    async readBack(app, ann) {
      expect(await read(app.url, ann)).toEqual([expect.objectContaining({ node: expect.objectContaining({ kind: 'FOLLOWED' }) })]);
    },
  },
});

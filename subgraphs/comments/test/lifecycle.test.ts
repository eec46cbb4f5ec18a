/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/comments`,
 * health endpoints, and a clean stop (the shared lifecycle suite); comments keeps a comment on a
 * post it learnt of from the POSTS stream.
 */
import { randomUUID } from 'node:crypto';
import { connectNats } from '@agora/messaging';
import { gql, publishEnvelope, waitFor } from '@agora/testing';
import { defineLifecycleSuite } from '@agora/testing/suites';
import { jetstream } from '@nats-io/jetstream';
import { expect } from 'vitest';
import { startComments } from '../src/app';
import { postPublished } from './support/events';
import { ADD_COMMENT, COMMENT } from './support/operations';
import { aUser, identityHeaders, testConfig, testLogger } from './support/comments-harness';

defineLifecycleSuite({
  name: 'comments',
  inProcess: {
    config: testConfig,
    start: (config) => startComments(config, { logger: testLogger() }),
    async write(app, { nats }) {
      const owner = aUser();
      // posts publishes a post; comments learns of it from the POSTS stream, then takes a comment.
      const published = postPublished({ postId: randomUUID(), authorId: owner.userId });
      const nc = await connectNats({ servers: nats.url, name: 'comments-lifecycle-test', logger: testLogger() });
      await publishEnvelope(jetstream(nc), published);
      await nc.drain();
      await waitFor(async () => (await app.prisma.postAccess.count()) === 1, { message: 'the post replicated' });
      const created = await gql(
        app.url,
        ADD_COMMENT,
        { input: { postId: published.payload.postId, body: 'On disk' } },
        { headers: await identityHeaders(owner) },
      );
      expect(created.errors).toBeUndefined();
      return { owner, commentId: created.data.addComment.id as string };
    },
    async readBack(app, { owner, commentId }) {
      const comment = await gql(app.url, COMMENT, { id: commentId });
      expect(comment.data?.comment).toMatchObject({ id: commentId, body: 'On disk', author: { id: owner.userId } });
    },
  },
});

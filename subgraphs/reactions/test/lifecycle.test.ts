/**
 * Start-up and shutdown as main.ts runs them: config from env, PGlite in `<DATA_DIR>/reactions`,
 * health endpoints, and a clean stop (the shared lifecycle suite, through the test harness);
 * reactions keeps a reaction to a post it learnt of from the POSTS stream.
 */
import { newEventId } from '@agora/events';
import { defineLifecycleSuite } from '@agora/testing/suites';
import { expect } from 'vitest';
import { postPublished } from './support/events';
import { REACT, SUBJECTS, postRefs } from './support/operations';
import { aUser, startHarness, testConfig } from './support/reactions-harness';

defineLifecycleSuite({
  name: 'reactions',
  inProcess: {
    config: testConfig,
    async start(config) {
      const harness = await startHarness(config);
      return { harness, url: harness.app.url, db: harness.app.db, stop: harness.stop };
    },
    async write({ harness }) {
      const [author, reader] = [aUser(), aUser()];
      const postId = newEventId();
      await harness.deliver(postPublished({ postId, authorId: author.userId }));
      const reacted = await harness.request(REACT, { input: { subjectId: postId, kind: 'WOW' } }, reader);
      expect(reacted.errors).toBeUndefined();
      return { reader, postId };
    },
    async readBack({ harness }, { reader, postId }) {
      const read = await harness.request(SUBJECTS, { representations: postRefs([postId]) }, reader);
      expect(read.data?._entities).toEqual([{ id: postId, reactions: [{ kind: 'WOW', count: 1 }], viewerReaction: 'WOW' }]);
    },
  },
});

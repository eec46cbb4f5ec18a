import { describePostsApi } from './posts-api.suite';
import { startHarness } from './support/posts-harness';

describePostsApi('PGlite (in memory)', async () => {
  const harness = await startHarness();
  return { harness, close: () => harness.stop() };
});

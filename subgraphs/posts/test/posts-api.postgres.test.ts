import { createTestDatabase } from '@agora/testing';
import { describePostsApi } from './posts-api.suite';
import { startHarness } from './support/posts-harness';

describePostsApi('Postgres', async () => {
  const database = await createTestDatabase('posts');
  try {
    const harness = await startHarness({ databaseUrl: database.url });
    return {
      harness,
      close: async () => {
        await harness.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
});

import { createTestDatabase } from '@agora/testing';
import { startHarness, type PostsHarness } from './posts-harness';

/** Opens a harness on one backend; suites run once per backend so both execute the same SQL. */
export type OpenHarness = () => Promise<{ harness: PostsHarness; close(): Promise<void> }>;

export const openPglite: OpenHarness = async () => {
  const harness = await startHarness();
  return { harness, close: () => harness.stop() };
};

export const openPostgres: OpenHarness = async () => {
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
};

import { defineSkeletonSuite } from './skeleton.suite';

// Default set-up: every context on embedded PGlite in the platform's data dir.
defineSkeletonSuite('embedded PGlite', async () => ({ env: {}, cleanup: async () => {} }));

import { defineModerationSuite } from './moderation.suite';

// Every context as its own process on embedded PGlite (the default `npm start` set-up).
defineModerationSuite('embedded PGlite', async () => ({ env: {}, cleanup: async () => {} }));

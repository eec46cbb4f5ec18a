import { defineRealtimeSuite } from './realtime.suite';

// Every context as its own process on embedded PGlite (the default `npm start` set-up).
defineRealtimeSuite('embedded PGlite', async () => ({ env: {}, cleanup: async () => {} }));

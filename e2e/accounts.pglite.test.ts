import { defineAccountsSuite } from './accounts.suite';

// Every context as its own process on embedded PGlite (the default `npm start` set-up).
defineAccountsSuite('embedded PGlite', async () => ({ env: {}, cleanup: async () => {} }));

import { defineMediaSuite } from './media.suite';

// Every context as its own process on embedded PGlite (the default `npm start` set-up), files on local disk.
defineMediaSuite('embedded PGlite', async () => ({ env: {}, cleanup: async () => {} }));

import { defineSocialDomainSuite } from './social-domain.suite';

// Every context as its own process on embedded PGlite (the default `npm start` set-up).
defineSocialDomainSuite('embedded PGlite', async () => ({ env: {}, cleanup: async () => {} }));

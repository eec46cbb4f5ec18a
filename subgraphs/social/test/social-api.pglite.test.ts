import { describeSocialApi } from './social-api.suite';

describeSocialApi('PGlite (in memory)', 'pglite');

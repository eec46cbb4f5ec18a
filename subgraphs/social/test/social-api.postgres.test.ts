import { describeSocialApi } from './social-api.suite';

/** The same suite on real Postgres, configured the way production is: SOCIAL_DATABASE_URL. */
describeSocialApi('Postgres', 'postgres');

import { describeFeedApi } from './feed-api.suite';

describeFeedApi('Postgres', { postgres: true });

import { describeFeedApi } from './feed-api.suite';

describeFeedApi('PGlite (in memory)', {});

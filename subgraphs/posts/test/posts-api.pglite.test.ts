import { describePostsApi } from './posts-api.suite';
import { openPglite } from './support/backends';

describePostsApi('PGlite (in memory)', openPglite);

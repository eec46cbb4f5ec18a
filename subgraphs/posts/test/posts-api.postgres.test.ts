import { describePostsApi } from './posts-api.suite';
import { openPostgres } from './support/backends';

describePostsApi('Postgres', openPostgres);

import { describeModeration } from './moderation.suite';
import { openPostgres } from './support/backends';

describeModeration('Postgres', openPostgres);

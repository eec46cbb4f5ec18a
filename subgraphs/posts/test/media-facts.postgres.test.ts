import { describeMediaFacts } from './media-facts.suite';
import { openPostgres } from './support/backends';

describeMediaFacts('Postgres', openPostgres);

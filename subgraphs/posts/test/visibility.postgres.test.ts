import { describeVisibility } from './visibility.suite';
import { openPostgres } from './support/backends';

describeVisibility('Postgres', openPostgres);

import { describeEventSourcing } from './event-sourcing.suite';
import { openPostgres } from './support/backends';

describeEventSourcing('Postgres', openPostgres);

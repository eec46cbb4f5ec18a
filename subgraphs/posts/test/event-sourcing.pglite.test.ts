import { describeEventSourcing } from './event-sourcing.suite';
import { openPglite } from './support/backends';

describeEventSourcing('PGlite (in memory)', openPglite);

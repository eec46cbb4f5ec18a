import { describeNotificationsApi } from './notifications-api.suite';
import { openPostgres } from './support/notifications-harness';

describeNotificationsApi('Postgres', openPostgres);

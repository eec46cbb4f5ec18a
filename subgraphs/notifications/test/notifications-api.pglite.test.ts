import { describeNotificationsApi } from './notifications-api.suite';
import { openPglite } from './support/notifications-harness';

describeNotificationsApi('PGlite (in memory)', openPglite);

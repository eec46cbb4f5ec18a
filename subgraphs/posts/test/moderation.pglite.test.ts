import { describeModeration } from './moderation.suite';
import { openPglite } from './support/backends';

describeModeration('PGlite (in memory)', openPglite);

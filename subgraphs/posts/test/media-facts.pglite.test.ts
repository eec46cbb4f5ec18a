import { describeMediaFacts } from './media-facts.suite';
import { openPglite } from './support/backends';

describeMediaFacts('PGlite (in memory)', openPglite);

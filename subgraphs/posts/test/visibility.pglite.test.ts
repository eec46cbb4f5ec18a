import { describeVisibility } from './visibility.suite';
import { openPglite } from './support/backends';

describeVisibility('PGlite (in memory)', openPglite);

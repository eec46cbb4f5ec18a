import { describeRebuild } from './rebuild.suite';

describeRebuild('PGlite (in memory)', {});

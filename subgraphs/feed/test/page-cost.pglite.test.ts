import { describePageCost } from './page-cost.suite';

describePageCost('PGlite (in memory)', {});

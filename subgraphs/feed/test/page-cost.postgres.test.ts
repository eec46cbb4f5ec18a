import { describePageCost } from './page-cost.suite';

describePageCost('Postgres', { postgres: true });

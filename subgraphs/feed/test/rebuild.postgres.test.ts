import { describeRebuild } from './rebuild.suite';

describeRebuild('Postgres', { postgres: true });

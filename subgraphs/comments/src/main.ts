import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startComments } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('comments', config.logLevel);
runService('comments', logger, () => startComments(config, { logger }));

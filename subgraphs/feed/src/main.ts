import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startFeed } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('feed', config.logLevel);
runService('feed', logger, () => startFeed(config, { logger }));

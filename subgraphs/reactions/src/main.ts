import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startReactions } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('reactions', config.logLevel);
runService('reactions', logger, () => startReactions(config, { logger }));

import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startMedia } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('media', config.logLevel);
runService('media', logger, () => startMedia(config, { logger }));

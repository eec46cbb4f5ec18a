import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startModeration } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('moderation', config.logLevel);
runService('moderation', logger, () => startModeration(config, { logger }));

import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startSocial } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('social', config.logLevel);
runService('social', logger, () => startSocial(config, { logger }));

import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startNotifications } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('notifications', config.logLevel);
runService('notifications', logger, () => startNotifications(config, { logger }));

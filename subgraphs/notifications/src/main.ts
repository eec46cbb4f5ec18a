import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startNotifications } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('notifications', config.logLevel);
// Test-only crash points (AGORA_FAULT) are read by the shared runtime (@agora/messaging fault-points).
runService('notifications', logger, () => startNotifications(config, { logger }));

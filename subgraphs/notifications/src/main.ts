import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startNotifications } from './app';
import { configSchema } from './config';
import { isFault } from './infrastructure/fault-points';

const config = loadConfig(configSchema);
const logger = createLogger('notifications', config.logLevel);
// Test-only crash points (the fault tests run this file as a child process); ignored outside NODE_ENV=test.
const requested = process.env.AGORA_FAULT;
const fault = config.nodeEnv === 'test' && isFault(requested) ? requested : undefined;
runService('notifications', logger, () => startNotifications(config, { logger, fault }));

import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startProfiles } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('profiles', config.logLevel);
runService('profiles', logger, () => startProfiles(config, { logger }));

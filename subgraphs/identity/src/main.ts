import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startIdentity } from './app';
import { identityConfigSchema } from './config';

const config = loadConfig(identityConfigSchema);
const logger = createLogger('identity', config.logLevel);
runService('identity', logger, () => startIdentity(config, { logger }));

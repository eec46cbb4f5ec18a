import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startPosts } from './app';
import { configSchema } from './config';

const config = loadConfig(configSchema);
const logger = createLogger('posts', config.logLevel);
runService('posts', logger, () => startPosts(config, { logger }));

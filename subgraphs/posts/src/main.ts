import { createLogger, loadConfig, runService } from '@agora/service-kit';
import { startPosts } from './app';
import { postsEnvSchema } from './config';

const config = loadConfig(postsEnvSchema);
const logger = createLogger('posts', config.logLevel);
runService('posts', logger, () => startPosts(config, { logger }));

import { createLogger, runService } from '@agora/service-kit';
import { startGateway } from './app';
import { loadGatewayConfig } from './config';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.logLevel);

runService('gateway', logger, async () => {
  const gateway = await startGateway(config, { logger });
  try {
    await gateway.ready;
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return { stop: () => gateway.close() };
});

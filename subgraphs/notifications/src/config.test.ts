import { defineConfigSuite } from '@agora/testing/suites';
import { configSchema } from './config';

defineConfigSuite({ name: 'notifications', schema: configSchema, envPrefix: 'NOTIFICATIONS', defaultPort: 4007, port: 5007 });

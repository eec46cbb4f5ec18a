import { defineConfigSuite } from '@agora/testing/suites';
import { configSchema } from './config';

defineConfigSuite({ name: 'social', schema: configSchema, envPrefix: 'SOCIAL', defaultPort: 4004, port: 5004 });

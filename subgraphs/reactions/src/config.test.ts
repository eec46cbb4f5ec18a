import { defineConfigSuite } from '@agora/testing/suites';
import { configSchema } from './config';

defineConfigSuite({ name: 'reactions', schema: configSchema, envPrefix: 'REACTIONS', defaultPort: 4006, port: 5004 });

import { defineConfigSuite } from '@agora/testing/suites';
import { configSchema } from './config';

defineConfigSuite({ name: 'posts', schema: configSchema, envPrefix: 'POSTS', defaultPort: 4003, port: 5003 });

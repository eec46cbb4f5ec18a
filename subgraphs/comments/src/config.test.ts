import { defineConfigSuite } from '@agora/testing/suites';
import { configSchema } from './config';

defineConfigSuite({ name: 'comments', schema: configSchema, envPrefix: 'COMMENTS', defaultPort: 4005, port: 5005 });

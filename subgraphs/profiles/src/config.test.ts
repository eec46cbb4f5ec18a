import { defineConfigSuite } from '@agora/testing/suites';
import { configSchema } from './config';

defineConfigSuite({ name: 'profiles', schema: configSchema, envPrefix: 'PROFILES', defaultPort: 4002, port: 5002 });

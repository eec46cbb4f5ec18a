import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The profiles context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('profiles', 4002);

export type ProfilesConfig = ContextConfig;

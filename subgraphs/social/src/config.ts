import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The social context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('social', 4004);

export type SocialConfig = ContextConfig;

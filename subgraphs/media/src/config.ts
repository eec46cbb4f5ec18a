import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The media context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('media', 4009);

export type MediaConfig = ContextConfig;

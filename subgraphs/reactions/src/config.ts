import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The reactions context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('reactions', 4006);

export type ReactionsConfig = ContextConfig;

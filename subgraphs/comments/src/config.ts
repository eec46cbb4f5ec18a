import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The comments context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('comments', 4005);

export type CommentsConfig = ContextConfig;

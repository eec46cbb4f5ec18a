import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The moderation context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('moderation', 4010);

export type ModerationConfig = ContextConfig;

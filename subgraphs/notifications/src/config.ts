import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/** The notifications context's environment (names shared with docker-compose and the dev stack; see service-kit's contextEnv). */
export const configSchema = contextConfigSchema('notifications', 4007);

export type NotificationsConfig = ContextConfig;

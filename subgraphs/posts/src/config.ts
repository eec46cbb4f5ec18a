import { contextConfigSchema, type ContextConfig } from '@agora/service-kit';

/**
 * The posts context's environment (names shared with docker-compose and the dev stack; see
 * service-kit's contextEnv): POSTS_PORT (4003), POSTS_DATABASE_URL, HOST, DATA_DIR, NATS_URL,
 * LOG_LEVEL, AGORA_INTERNAL_SECRET, NODE_ENV.
 */
export const configSchema = contextConfigSchema('posts', 4003);

export type PostsConfig = ContextConfig;

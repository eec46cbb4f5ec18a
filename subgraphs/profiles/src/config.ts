import { contextEnv, toContextConfig, type ContextConfig } from '@agora/service-kit';
import { z } from 'zod';

export type ProfilesConfig = ContextConfig & {
  /**
   * The origin of media's public routes (the gateway's, which proxies `/media/*`): the deprecated
   * `avatarUrl` of a user whose avatar is set in media is `<mediaPublicUrl>/media/users/<id>/avatar`.
   */
  mediaPublicUrl: string;
};

/**
 * The profiles context's environment (names shared with docker-compose and the dev stack; see
 * service-kit's contextEnv), plus MEDIA_PUBLIC_URL (default `http://localhost:4000`, the
 * gateway's origin; the same variable media signs its URLs for).
 */
export const configSchema = contextEnv('profiles', 4002)
  .extend({
    MEDIA_PUBLIC_URL: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.url({ error: 'expected an http(s) URL' }).default('http://localhost:4000'),
    ),
  })
  .transform((raw): ProfilesConfig => ({
    ...toContextConfig('profiles', raw),
    // Without a trailing slash, so paths join with one.
    mediaPublicUrl: (raw.MEDIA_PUBLIC_URL as string).replace(/\/+$/, ''),
  }));

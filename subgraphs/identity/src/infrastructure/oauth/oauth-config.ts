import { z } from 'zod';
import type { OAuthSettings } from './openid-oauth-providers';

const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const optionalText = unsetIfEmpty(z.string().trim().min(1).optional());
const urlWithDefault = (defaultValue: string) => unsetIfEmpty(z.url({ error: 'expected a URL' }).default(defaultValue));

/** A redirect URI must be absolute http(s), without query or fragment (the code exchange sends it back bare). */
const redirectUri = z
  .url({ protocol: /^https?$/, error: 'expected absolute http(s) URLs' })
  .refine((value) => !URL.canParse(value) || (new URL(value).search === '' && new URL(value).hash === ''), {
    error: 'expected URLs without a query or fragment',
    abort: true,
  });

/** External sign-in env (merged into identity's config schema). A provider is on when its client id and secret are set. */
export const oauthEnv = {
  GITHUB_CLIENT_ID: optionalText,
  GITHUB_CLIENT_SECRET: optionalText,
  GITHUB_AUTHORIZATION_URL: urlWithDefault('https://github.com/login/oauth/authorize'),
  GITHUB_TOKEN_URL: urlWithDefault('https://github.com/login/oauth/access_token'),
  GITHUB_API_URL: urlWithDefault('https://api.github.com'),
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  /** OpenID Connect issuer (discovered on first use, so identity starts without network). */
  GOOGLE_ISSUER: urlWithDefault('https://accounts.google.com'),
  /** Comma-separated allow-list of exact redirect URIs; default `<AGORA_PUBLIC_URL>/oauth/callback`. */
  OAUTH_REDIRECT_URIS: unsetIfEmpty(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part.length > 0),
      )
      .pipe(z.array(redirectUri).min(1, 'expected at least one URL'))
      .optional(),
  ),
};

type OAuthEnv = z.output<z.ZodObject<typeof oauthEnv>>;

/**
 * `config.oauth` from the parsed env. A provider with only one of its id and secret set is a
 * mistake, reported as a config issue (so the process stops with one clear line).
 */
export function oauthSettings(
  e: OAuthEnv,
  publicUrl: string,
  ctx: { addIssue(issue: { code: 'custom'; message: string; path: string[] }): void },
): OAuthSettings {
  const pair = (prefix: 'GITHUB' | 'GOOGLE') => {
    const id = e[`${prefix}_CLIENT_ID`];
    const secret = e[`${prefix}_CLIENT_SECRET`];
    if ((id === undefined) !== (secret === undefined)) {
      const missing = id === undefined ? `${prefix}_CLIENT_ID` : `${prefix}_CLIENT_SECRET`;
      ctx.addIssue({
        code: 'custom',
        message: `expected ${missing} too (a provider needs both its client id and secret)`,
        path: [missing],
      });
    }
    return id !== undefined && secret !== undefined ? { clientId: id, clientSecret: secret } : null;
  };
  const github = pair('GITHUB');
  const google = pair('GOOGLE');
  return {
    redirectUris: e.OAUTH_REDIRECT_URIS ?? [`${publicUrl.replace(/\/+$/, '')}/oauth/callback`],
    github: github && {
      ...github,
      authorizationUrl: e.GITHUB_AUTHORIZATION_URL,
      tokenUrl: e.GITHUB_TOKEN_URL,
      apiUrl: e.GITHUB_API_URL,
    },
    google: google && { ...google, issuer: e.GOOGLE_ISSUER },
  };
}

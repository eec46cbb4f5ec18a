import { defineCommand } from '@agora/context-runtime';
import { z } from 'zod';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import { clientKey } from '../rate-limits';
import { OAUTH_PROVIDERS, OAuthUnavailableError, type OAuthPorts } from './oauth.ports';

/** How long a started sign-in can be completed (the `state` row's lifetime). */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

const startOAuthInputSchema = z.object({
  provider: z.enum(OAUTH_PROVIDERS),
  redirectUri: z.string().trim().min(1, 'Enter the redirect URI.').max(2048, 'The redirect URI is too long.'),
});

export interface OAuthStart {
  authorizationUrl: string;
  state: string;
}

/**
 * `startOAuth`: a fresh `state` (random, stored only as its digest), PKCE verifier and (OpenID
 * Connect) nonce, kept server-side for 10 minutes with the provider and redirect URI; returns the
 * provider's authorization URL. Limited per client IP (`oauthStart`).
 */
export const startOAuth = defineCommand({
  name: 'startOAuth',
  input: startOAuthInputSchema,
  viewer: 'optional',
  async handle(call, ports: IdentityPorts): Promise<OAuthStart> {
    const { provider, redirectUri } = call.input;
    await ports.rateLimits.consume('oauthStart', clientKey(call.clientIp));
    const oauth = requireOAuth(ports);
    const client = oauth.providers.get(provider);
    if (!client) throw IdentityErrors.oauthProviderNotConfigured(provider);
    if (!oauth.providers.redirectUriAllowed(redirectUri)) throw IdentityErrors.oauthRedirectUriNotAllowed();

    const state = oauth.stateSecrets.generate();
    const request = await withProvider(() => client.authorizationRequest({ redirectUri, state: state.token }));
    await oauth.states.save(state.digest, {
      provider,
      redirectUri,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
      createdAt: call.now,
      expiresAt: new Date(call.now.getTime() + OAUTH_STATE_TTL_MS),
    });
    return { authorizationUrl: request.authorizationUrl, state: state.token };
  },
});

/** The OAuth ports; a deployment (or test kit) without them has no provider configured. */
export function requireOAuth(ports: IdentityPorts): OAuthPorts {
  if (!ports.oauth) throw IdentityErrors.oauthProviderNotConfigured();
  return ports.oauth;
}

/** Maps "the provider cannot be reached" to its typed error (the cause is logged by the adapter). */
export async function withProvider<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OAuthUnavailableError) throw IdentityErrors.oauthProviderUnavailable();
    throw error;
  }
}

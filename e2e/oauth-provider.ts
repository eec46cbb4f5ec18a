/**
 * A real OpenID Connect provider for the accounts suite: `oauth2-mock-server` on a free port of
 * 127.0.0.1 (discovery, /authorize with PKCE and nonce, /token, JWKS, userinfo), standing in for
 * Google. The person it signs in is whoever `signInAs` last named: its `sub`, email and name go
 * into every ID token (and userinfo) it issues, so one provider serves several people in turn.
 */
import { Events, OAuth2Server } from 'oauth2-mock-server';
import { freePort } from '@agora/testing';

export interface ProviderPerson {
  /** The provider's stable user id (`sub`). */
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  /** A login-like hint (`preferred_username`). */
  preferredUsername: string;
}

export interface OAuthTestProvider {
  /** The issuer URL identity discovers (`GOOGLE_ISSUER`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The person the next authorizations and tokens are for. */
  signInAs(person: ProviderPerson): void;
  stop(): Promise<void>;
}

export async function startOAuthProvider(): Promise<OAuthTestProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  let person: ProviderPerson | undefined;
  const claims = () => {
    if (!person) throw new Error('oauth provider: signInAs(person) first');
    return {
      sub: person.sub,
      email: person.email,
      email_verified: person.emailVerified,
      name: person.name,
      given_name: person.name.split(' ')[0],
      preferred_username: person.preferredUsername,
    };
  };
  // Every token it signs (access and ID token) and every userinfo answer say who signed in.
  server.service.on(Events.BeforeTokenSigning, (token) => {
    Object.assign(token.payload, claims());
  });
  server.service.on(Events.BeforeUserinfo, (response) => {
    response.body = claims();
  });
  const port = await freePort();
  // Its own default names `localhost`, which may resolve to ::1 where nothing listens.
  server.issuer.url = `http://127.0.0.1:${port}`;
  await server.start(port, '127.0.0.1');
  const issuer = server.issuer.url;
  if (!issuer) throw new Error('oauth provider: no issuer URL after start');
  return {
    issuer,
    clientId: 'agora-e2e-client',
    clientSecret: 'agora-e2e-client-secret',
    signInAs(next) {
      person = next;
    },
    stop: () => server.stop(),
  };
}

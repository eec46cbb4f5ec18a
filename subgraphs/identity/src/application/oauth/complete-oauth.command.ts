import { defineCommand } from '@agora/context-runtime';
import type { EventMetadata, IdGenerator } from '@agora/kernel';
import { z } from 'zod';
import { Account } from '../../domain/account/account.aggregate';
import { mintAccountToken } from '../account-tokens/account-token-issuer';
import { emailSchema, type Email } from '../../domain/account/email';
import { IdentityErrors } from '../identity.errors';
import type { IdentityPorts } from '../ports';
import { refuseIfSuspended } from '../refuse-suspended';
import { initialRole } from '../roles/initial-role';
import type { AuthSession } from '../read-models';
import {
  OAUTH_PROVIDERS,
  OAuthLinkConflict,
  OAuthRefusedError,
  type ExternalIdentity,
  type ExternalProfile,
  type OAuthPorts,
} from './oauth.ports';
import { usernameBase, usernameCandidates } from './propose-username';
import { requireOAuth, withProvider } from './start-oauth.command';

const completeOAuthInputSchema = z.object({
  provider: z.enum(OAUTH_PROVIDERS),
  code: z.string().trim().min(1, 'Enter the code.').max(2048, 'The code is too long.'),
  state: z.string().trim().min(1, 'Enter the state.').max(512, 'The state is too long.'),
});

/** Unique keys can clash under concurrent sign-ups; each clash re-decides with fresh reads. */
const MAX_ATTEMPTS = 5;

/**
 * `completeOAuth`: consumes the `state` (single-use, unexpired, same provider), exchanges the code
 * with the stored PKCE verifier, redirect URI and nonce, then
 * 1. signs in the account linked to the provider's subject, else
 * 2. links the account with the provider's email — only when the provider says it is verified
 *    (and marks that email verified), else
 * 3. creates an account (no password; username proposed from the provider, made unique) with
 *    its first session, verified when the provider says so.
 * An unverified provider email that belongs to an existing account is refused
 * (IDENTITY.OAUTH_EMAIL_TAKEN): linking on it would hand the account to whoever typed that
 * address at the provider.
 */
export const completeOAuth = defineCommand({
  name: 'completeOAuth',
  input: completeOAuthInputSchema,
  viewer: 'optional',
  async handle({ input: { provider, code, state }, metadata, now, ids }, ports: IdentityPorts): Promise<AuthSession> {
    const oauth = requireOAuth(ports);
    const client = oauth.providers.get(provider);
    if (!client) throw IdentityErrors.oauthProviderNotConfigured(provider);

    // Consumed before anything else: whatever happens next, this state cannot be used again.
    const pending = await oauth.states.consume(oauth.stateSecrets.digest(state), now);
    if (!pending || pending.provider !== provider) throw IdentityErrors.oauthStateInvalid();

    let profile: ExternalProfile;
    try {
      profile = await withProvider(() =>
        client.exchange({ code, state, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier, nonce: pending.nonce }),
      );
    } catch (error) {
      // The adapter logged the provider's own words; the client only learns that it refused.
      if (error instanceof OAuthRefusedError) throw IdentityErrors.oauthFailed();
      throw error;
    }

    const parsedEmail = profile.email === null ? null : emailSchema.safeParse(profile.email);
    const email = parsedEmail?.success ? parsedEmail.data : null;
    const identity: ExternalIdentity = { provider, subject: profile.subject, email };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      try {
        return await signIn({ ports, oauth, profile, identity, email, attempt, now, ids, metadata });
      } catch (error) {
        if (!(error instanceof OAuthLinkConflict)) throw error;
      }
    }
    throw new Error(`external sign-in with ${provider} kept clashing with concurrent writers (${MAX_ATTEMPTS} attempts)`);
  },
});

interface SignInStep {
  ports: IdentityPorts;
  oauth: OAuthPorts;
  profile: ExternalProfile;
  identity: ExternalIdentity;
  email: Email | null;
  attempt: number;
  now: Date;
  ids: IdGenerator;
  metadata: EventMetadata;
}

async function signIn({ ports, oauth, profile, identity, email, attempt, now, ids, metadata }: SignInStep): Promise<AuthSession> {
  const { sessions } = ports;
  const linked = await oauth.accounts.findLinked(identity.provider, identity.subject);
  if (linked) {
    refuseIfSuspended(linked, now);
    const { session, refreshToken } = sessions.newSession(linked.id, now);
    await ports.sessionStore.start(session);
    return sessions.authSession(linked, refreshToken, now);
  }
  if (!email) throw IdentityErrors.oauthEmailMissing();

  const verifiedAt = profile.emailVerified ? now : null;
  const existing = await oauth.accounts.findByEmail(email);
  if (existing) {
    if (!profile.emailVerified) throw IdentityErrors.oauthEmailTaken();
    refuseIfSuspended(existing.account, now); // before linking: a suspended account gains nothing
    const { session, refreshToken } = sessions.newSession(existing.account.id, now);
    const account = await oauth.accounts.link(existing.account.id, identity, session, { verifiedAt, metadata });
    return sessions.authSession(account, refreshToken, now);
  }

  const candidates = usernameCandidates(usernameBase([...profile.usernameHints, email.split('@')[0]!]), attempt);
  const taken = await oauth.accounts.takenUsernames(candidates);
  const username = candidates.find((candidate) => !taken.has(candidate));
  if (!username) throw new OAuthLinkConflict('username');
  const account = Account.register({ id: ids.newId(), email, username, createdAt: now, role: initialRole(email, ports.policy) });
  const view = { id: account.id, email, username, createdAt: now, emailVerifiedAt: verifiedAt, role: account.role };
  const { session, refreshToken } = sessions.newSession(account.id, now);
  // Like `register`: an address nobody vouched for gets the verification mail.
  const verification = verifiedAt
    ? undefined
    : mintAccountToken('VERIFY_EMAIL', view, { secrets: ports.refreshSecrets, mails: ports.mails, ids, now });
  await oauth.accounts.registerExternal(account, identity, session, { verifiedAt, metadata, verification });
  return sessions.authSession(view, refreshToken, now);
}

/**
 * Shared helpers for the end-to-end suites: the platform as `npm start` runs it (devstack), on
 * free ports and a temp data dir, and small GraphQL operations through the gateway.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { startPlatform, type Platform, type PlatformOptions } from '@agora/devstack';
import { gql, waitFor, type GraphQLResponse } from '@agora/testing';

export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function startTestPlatform(options: Omit<PlatformOptions, 'rootDir' | 'randomPorts'>): Promise<Platform> {
  const lines: string[] = [];
  try {
    return await startPlatform({
      rootDir: ROOT_DIR,
      randomPorts: true,
      output: (service, line) => {
        lines.push(`[${service}] ${line}`);
        if (lines.length > 400) lines.shift();
      },
      // A fresh PGlite directory per context on a busy 2-core machine: give start-up real room.
      readyTimeoutMs: 180_000,
      ...options,
      // Rate limits off unless a suite is about them (it passes AGORA_RATE_LIMITS: 'on').
      // (Production refuses `off`: a production-mode platform keeps them on.)
      env: {
        LOG_LEVEL: 'warn',
        ...(options.env?.NODE_ENV === 'production' ? {} : { AGORA_RATE_LIMITS: 'off' }),
        ...options.env,
      },
    });
  } catch (error) {
    // The children's last lines say why a service did not become ready.
    throw new Error(`platform failed to start: ${(error as Error).message}\n${lines.slice(-60).join('\n')}`);
  }
}

let counter = 0;
/** A unique, valid username/email pair per call (usernames: 3–30 chars of [a-z0-9_]). */
export function newPerson(prefix = 'user'): { username: string; email: string; password: string } {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter}`;
  const username = `${prefix}_${suffix}`.slice(0, 30);
  return { username, email: `${username}@example.test`, password: 'correct horse battery staple' };
}

export interface Session {
  userId: string;
  username: string;
  accessToken: string;
  refreshToken: string;
}

const AUTH_FIELDS = 'accessToken refreshToken expiresAt user { id username createdAt }';

export async function register(gatewayUrl: string, person: { username: string; email: string; password: string }): Promise<Session> {
  const res = await gql(gatewayUrl, `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, {
    input: person,
  });
  if (res.errors) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  const p = res.data.register;
  return { userId: p.user.id, username: p.user.username, accessToken: p.accessToken, refreshToken: p.refreshToken };
}

export async function login(gatewayUrl: string, loginName: string, password: string): Promise<GraphQLResponse> {
  return gql(gatewayUrl, `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`, {
    input: { login: loginName, password },
  });
}

/** Waits until the profiles context has built the profile from identity's event. */
export async function waitForProfile(gatewayUrl: string, username: string, timeoutMs = 20_000): Promise<string> {
  return waitFor(
    async () => {
      const res = await gql(gatewayUrl, `query($u: String!) { user(username: $u) { displayName } }`, { u: username });
      return res.data?.user?.displayName as string | null | undefined;
    },
    { timeoutMs, message: `profile of ${username} never appeared` },
  );
}

export function errorCodes(res: GraphQLResponse): (string | undefined)[] {
  return (res.errors ?? []).map((e) => e.extensions?.code as string | undefined);
}

/**
 * Operations as a signed-in person (or anonymously, `null`) against the gateway at `url()`:
 * `as` fails the test on any GraphQL error and returns `data`; `raw` returns the whole response
 * (for expected errors).
 */
export function operationsAt(url: () => string): {
  as<D = any>(who: Session | null, query: string, variables?: Record<string, unknown>): Promise<D>;
  raw(who: Session | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
} {
  const raw = (who: Session | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> =>
    gql(url(), query, variables, who ? { token: who.accessToken } : {});
  return {
    raw,
    async as<D = any>(who: Session | null, query: string, variables?: Record<string, unknown>): Promise<D> {
      const res = await raw(who, query, variables);
      if (res.errors) throw new Error(`${query.slice(0, 80)}… failed: ${JSON.stringify(res.errors)}`);
      return res.data as D;
    },
  };
}

import type { DatabaseOptions } from '@agora/prisma-kit';
import { createLogger, IDENTITY_HEADER, signIdentityHeader, type Viewer } from '@agora/service-kit';
import { gql, tempDir, type GraphQLResponse } from '@agora/testing';
import { startIdentity, type IdentityOverrides, type RunningIdentity } from '../../src/app';
import { identityConfigSchema, type IdentityConfig } from '../../src/config';
import { OPERATIONS } from './operations';

export interface IdentityHarness {
  app: RunningIdentity;
  config: IdentityConfig;
  /** POST to this instance's /graphql, optionally as a signed-in viewer (gateway header). */
  request<D = any>(query: string, variables?: Record<string, unknown>, as?: Viewer | null, clientIp?: string): Promise<GraphQLResponse<D>>;
  register(input: { email: string; password: string; username: string }): Promise<GraphQLResponse>;
  /** From `clientIp` (as the gateway forwards it) when given; otherwise no identity header (`unknown`). */
  login(login: string, password: string, clientIp?: string): Promise<GraphQLResponse>;
  refresh(refreshToken: string): Promise<GraphQLResponse>;
  logout(refreshToken: string): Promise<GraphQLResponse>;
  /** Row counts of the tables a registration writes. */
  counts(): Promise<{ account: number; credential: number; family: number; token: number; outbox: number }>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends IdentityOverrides {
  natsUrl: string;
  /**
   * Identity env; `AGORA_RATE_LIMITS=off` unless given (tests about limits pass `rateLimits`).
   * Without `DATA_DIR` a temporary one (removed on stop) takes the development `.eml` mail.
   */
  env?: Record<string, string>;
}

/** startIdentity in-process on a free port; in-memory PGlite unless `database` says otherwise. */
export async function startIdentityHarness(options: HarnessOptions): Promise<IdentityHarness> {
  const { natsUrl, env = {}, ...overrides } = options;
  const dataDir = env.DATA_DIR === undefined ? await tempDir('identity-test-') : undefined;
  const config: IdentityConfig = {
    ...identityConfigSchema.parse({
      NATS_URL: natsUrl,
      LOG_LEVEL: 'silent',
      AGORA_RATE_LIMITS: 'off',
      ...(dataDir ? { DATA_DIR: dataDir.path } : {}),
      ...env,
    }),
    port: 0,
  };
  const database: DatabaseOptions = overrides.database ?? { memory: true };
  const app = await startIdentity(config, {
    logger: createLogger('identity-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
    ...overrides,
    database,
  }).catch(async (error: unknown) => {
    await dataDir?.remove();
    throw error;
  });

  const request: IdentityHarness['request'] = async (query, variables, as, clientIp) => {
    const headers =
      as || clientIp ? { [IDENTITY_HEADER]: await signIdentityHeader(as ?? null, config.internalSecret, { clientIp }) } : undefined;
    return gql(app.url, query, variables, headers ? { headers } : {});
  };
  return {
    app,
    config,
    request,
    register: (input) => request(OPERATIONS.register, { input }),
    login: (login, password, clientIp) => request(OPERATIONS.login, { input: { login, password } }, null, clientIp),
    refresh: (refreshToken) => request(OPERATIONS.refresh, { input: { refreshToken } }),
    logout: (refreshToken) => request(OPERATIONS.logout, { input: { refreshToken } }),
    counts: async () => ({
      account: await app.prisma.account.count(),
      credential: await app.prisma.credential.count(),
      family: await app.prisma.refreshTokenFamily.count(),
      token: await app.prisma.refreshToken.count(),
      outbox: await app.prisma.outboxEvent.count(),
    }),
    stop: async () => {
      await app.stop();
      await dataDir?.remove();
    },
  };
}

/** The single error of a failed response, for `toMatchObject` on code / reason / field. */
export function onlyError(response: GraphQLResponse): {
  message: string;
  code?: string;
  reason?: string;
  field?: string;
  retryAfter?: number;
  [extension: string]: unknown;
} {
  expectOneError(response);
  const [error] = response.errors!;
  return { message: error!.message, ...error!.extensions };
}

function expectOneError(response: GraphQLResponse) {
  if (response.errors?.length !== 1) {
    throw new Error(`expected exactly one error, got ${JSON.stringify(response)}`);
  }
}

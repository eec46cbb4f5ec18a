/**
 * The whole platform in ONE test process: every context of `schema/subgraphs.json` started
 * through its own `start<Name>(config, overrides)` (the function its main.ts runs) on in-memory
 * PGlite with a statement counter around its driver adapter, and the real gateway in front of
 * them over real HTTP. For tests that must look inside every subgraph at once — the N+1 proof
 * counts SQL statements per subgraph for one gateway request. Media's signed URLs point at the
 * gateway's origin (MEDIA_PUBLIC_URL), so uploads and files go through its `/media/*` proxy.
 */
import { join } from 'node:path';
import { countStatements, type StatementCounter } from '@agora/prisma-kit';
import { freePort, tempDir, type TempDir } from '@agora/testing';
import { startGateway, type RunningGateway } from '@agora/gateway/app';
import { loadGatewayConfig } from '@agora/gateway/config';
import { SUBGRAPHS } from './registry';
import { ROOT_DIR } from './support';

interface RunningContextLike {
  url: string;
  stop(): Promise<void>;
}
type ZodLike = { safeParse(value: unknown): { success: boolean; data?: unknown; error?: unknown } };
type StartFunction = (config: unknown, overrides: Record<string, unknown>) => Promise<RunningContextLike>;

export interface InProcessPlatform {
  gatewayUrl: string;
  /** Statement counter per context name. */
  counters: Record<string, StatementCounter>;
  close(): Promise<void>;
}

/** The one zod schema a context's config module exports, and the one `start*` function of its app module. */
async function contextModules(dir: string): Promise<{ schema: ZodLike; start: StartFunction }> {
  const config: Record<string, unknown> = await import(join(ROOT_DIR, dir, 'src/config.ts'));
  const app: Record<string, unknown> = await import(join(ROOT_DIR, dir, 'src/app.ts'));
  const schemas = Object.values(config).filter((v): v is ZodLike => typeof (v as ZodLike | undefined)?.safeParse === 'function');
  const starts = Object.entries(app).filter(([name, v]) => /^start[A-Z]/.test(name) && typeof v === 'function');
  if (schemas.length !== 1 || starts.length !== 1) throw new Error(`${dir}: expected one config schema and one start function`);
  return { schema: schemas[0]!, start: starts[0]![1] as StartFunction };
}

export async function startInProcessPlatform(options: {
  natsUrl: string;
  internalSecret?: string;
  /** More env for every context and the gateway; rate limits are off (AGORA_RATE_LIMITS) unless this says on. */
  env?: Record<string, string>;
}): Promise<InProcessPlatform> {
  const secret = options.internalSecret ?? 'in-process-platform-secret-0123456789abcdef';
  const data: TempDir = await tempDir('agora-inproc-');
  const counters: Record<string, StatementCounter> = {};
  const running: RunningContextLike[] = [];
  let gateway: RunningGateway | undefined;
  const close = async () => {
    await gateway?.close();
    for (const context of running.reverse()) await context.stop();
    await data.remove();
  };
  try {
    const urls: Record<string, string> = {};
    // The gateway's port first: media signs its upload and file URLs for the gateway's origin.
    const gatewayPort = await freePort();
    // Sequentially: PGlite start-up is CPU-bound, and a failure names its context.
    for (const subgraph of SUBGRAPHS) {
      const { schema, start } = await contextModules(subgraph.dir);
      const prefix = subgraph.name.toUpperCase();
      const env = {
        [`${prefix}_PORT`]: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: data.path,
        NATS_URL: options.natsUrl,
        AGORA_INTERNAL_SECRET: secret,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        MEDIA_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
        AGORA_PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
        AGORA_RATE_LIMITS: 'off',
        ...options.env,
      };
      const parsed = schema.safeParse(env);
      if (!parsed.success) throw new Error(`${subgraph.name}: config rejected: ${String(parsed.error)}`);
      const context = await start(parsed.data, {
        database: { memory: true },
        wrapAdapter: (adapter: Parameters<typeof countStatements>[0]) => {
          const counter = countStatements(adapter);
          counters[subgraph.name] = counter;
          return counter.adapter;
        },
      });
      running.push(context);
      urls[`${prefix}_URL`] = context.url;
    }
    const identityUrl = new URL(urls.IDENTITY_URL!);
    gateway = await startGateway(
      loadGatewayConfig({
        GATEWAY_PORT: String(gatewayPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        AGORA_INTERNAL_SECRET: secret,
        IDENTITY_JWKS_URL: `${identityUrl.origin}/.well-known/jwks.json`,
        // The REALTIME stream: in-process suites get subscriptions too.
        NATS_URL: options.natsUrl,
        AGORA_RATE_LIMITS: 'off',
        ...options.env,
        ...urls,
      }),
    );
    await gateway.ready;
    return { gatewayUrl: gateway.url, counters, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** Statements of the messaging plumbing (outbox relay, inbox, migrations, pings): not part of a request. */
export const isPlumbing = (sql: string): boolean => /\b(outbox|inbox|_prisma_migrations)\b/i.test(sql) || /^\s*SELECT 1\s*$/i.test(sql);

/**
 * SQL statements per subgraph that `request` costs, plumbing left out. Background work (a
 * consumer still applying an event) can only add statements, so the request runs `runs` times
 * and the smallest count per subgraph is kept.
 */
export async function fewestStatements(
  platform: InProcessPlatform,
  request: () => Promise<void>,
  runs = 3,
): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (let run = 0; run < runs; run += 1) {
    for (const counter of Object.values(platform.counters)) counter.reset();
    await request();
    for (const [name, counter] of Object.entries(platform.counters)) {
      const count = counter.statements.filter((sql) => !isPlumbing(sql)).length;
      best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, count);
    }
  }
  return best;
}

/**
 * The lifecycle suite every context runs: start-up and shutdown as main.ts runs them (config from
 * env, PGlite in `<DATA_DIR>/<context>`, health endpoints, a clean stop), and — for contexts that
 * ask — the process as `npm start` and the Docker image run it. Parameterised by the context's
 * start function, its config and what it writes before a restart and reads back after.
 *
 * Exported through `@agora/testing/suites` (it imports vitest; the package index does not).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port';
import { startNats, type NatsServer } from './nats-server';
import { tempDir, type TempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** What the suite needs of a running context (its in-process `start…` result). */
export interface LifecycleApp {
  /** The GraphQL endpoint, `http://host:port/graphql`; health lives next to it. */
  url: string;
  db: { kind: string };
  stop(): Promise<void>;
}

/** The suite's NATS server and data dir, shared by all its cases (available inside tests only). */
export interface LifecycleEnv {
  nats: NatsServer;
  dataDir: TempDir;
}

export interface HealthResponse {
  status: number;
  body: { ready?: boolean; checks?: Record<string, boolean> } & Record<string, unknown>;
}

/** GET `/health/live` or `/health/ready` next to a GraphQL endpoint. */
export async function health(graphqlUrl: string, check: 'live' | 'ready'): Promise<HealthResponse> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, `/health/${check}`));
  return { status: response.status, body: (await response.json()) as HealthResponse['body'] };
}

export interface TsxRun {
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
}

/** Runs `node --import tsx <script>` in `cwd` with `env` added to this process's; resolves with its exit code and output. */
export function runTsx(cwd: string, script: string, env: Record<string, string>): TsxRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    exited: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr }))),
    kill: () => child.kill('SIGTERM'),
  };
}

export interface InProcessLifecycle<Config extends { host: string }, App extends LifecycleApp, Written> {
  /** The context's config as main.ts would parse it from this env (on a free port). */
  config(env: { NATS_URL: string; DATA_DIR: string }): Config;
  /** Starts the context in-process, as main.ts does. */
  start(config: Config): Promise<App>;
  /** In the first run, after the health checks: writes what must survive a restart; returns what `readBack` needs. */
  write(app: App, env: LifecycleEnv): Promise<Written>;
  /** In the second run: asserts that what `write` wrote is still there. */
  readBack(app: App, written: Written, env: LifecycleEnv): Promise<void>;
  /** Readiness checks the context adds beside database, migrations and nats (e.g. media's `storage`), all expected true. */
  extraReadinessChecks?: readonly string[];
}

export interface LifecycleSuiteOptions<Config extends { host: string }, App extends LifecycleApp, Written> {
  /** The context: names the describe block, the temp dir and the PGlite dir `<DATA_DIR>/<name>`. */
  name: string;
  /** The describe block's title; default `<name> lifecycle`. */
  title?: string;
  /** Each case's budget (PGlite's start-up dominates and cases start it more than once); default 180 s. */
  timeoutMs?: number;
  /**
   * Two cases: data kept across restarts in `<DATA_DIR>/<name>`, live and ready health, two
   * concurrent stops stop once, nothing served after; and a failed start-up (the server cannot
   * bind) closes what it already opened.
   */
  inProcess?: InProcessLifecycle<Config, App, Written>;
  /**
   * Two cases, as npm start and the Docker image run it (`node --import tsx src/main.ts` in
   * `packageDir`): ready from env, exit 0 on SIGTERM; and a bad `badEnv.variable` refused with one
   * stderr line naming it and exit code 78.
   */
  asProcess?: { packageDir: string; portVariable: string; badEnv: { variable: string; value: string } };
  /** The context's own cases, inside the same describe block (so sharing its NATS and data dir). */
  extraCases?(env: () => LifecycleEnv): void;
}

export function defineLifecycleSuite<Config extends { host: string }, App extends LifecycleApp, Written = void>(
  options: LifecycleSuiteOptions<Config, App, Written>,
): void {
  const { name, inProcess, asProcess } = options;
  describe(options.title ?? `${name} lifecycle`, { timeout: options.timeoutMs ?? 180_000 }, () => {
    let nats: NatsServer | undefined;
    let dataDir: TempDir | undefined;
    const env = (): LifecycleEnv => {
      if (!nats || !dataDir) throw new Error('defineLifecycleSuite: the environment exists only inside tests');
      return { nats, dataDir };
    };

    beforeAll(async () => {
      nats = await startNats();
      dataDir = await tempDir(`${name}-lifecycle`);
    });

    afterAll(async () => {
      await nats?.stop();
      await dataDir?.remove();
    });

    if (inProcess) {
      it(`keeps PGlite data in DATA_DIR/${name} across restarts, reports health and stops once`, async () => {
        const { nats, dataDir } = env();
        const config = inProcess.config({ NATS_URL: nats.url, DATA_DIR: dataDir.path });
        let written: Written;

        const first = await inProcess.start(config);
        try {
          expect(first.db.kind).toBe('pglite');
          expect(existsSync(join(dataDir.path, name))).toBe(true);
          expect(await health(first.url, 'live')).toMatchObject({ status: 200 });
          expect(await health(first.url, 'ready')).toEqual({
            status: 200,
            body: {
              ready: true,
              checks: {
                database: true,
                migrations: true,
                nats: true,
                ...Object.fromEntries((inProcess.extraReadinessChecks ?? []).map((check) => [check, true])),
              },
            },
          });
          written = await inProcess.write(first, env());
        } finally {
          // Two signals at once must not stop anything twice.
          await Promise.all([first.stop(), first.stop()]);
        }
        await expect(fetch(first.url.replace(/\/graphql$/, '/health/live'))).rejects.toThrow();

        const second = await inProcess.start(config);
        try {
          await inProcess.readBack(second, written, env());
        } finally {
          await second.stop();
        }
      });

      it('closes what it already opened when start-up fails', async () => {
        const { nats, dataDir } = env();
        const config = inProcess.config({ NATS_URL: nats.url, DATA_DIR: dataDir.path });

        // The database, Prisma, NATS, relay and consumers start; binding the server then fails.
        await expect(inProcess.start({ ...config, host: '256.0.0.1' })).rejects.toThrow();

        // PGlite refuses a data dir still open in this process, so this start proves it was closed.
        const app = await inProcess.start(config);
        await app.stop();
      });
    }

    options.extraCases?.(env);

    if (asProcess) {
      it('runs as a process from env (npm start) and exits 0 on SIGTERM', async () => {
        const { nats, dataDir } = env();
        const port = await freePort();
        const child = runTsx(asProcess.packageDir, 'src/main.ts', {
          [asProcess.portVariable]: String(port),
          DATA_DIR: join(dataDir.path, 'proc'),
          NATS_URL: nats.url,
          LOG_LEVEL: 'warn',
          NODE_ENV: 'test',
        });
        try {
          await waitFor(
            async () => (await health(`http://127.0.0.1:${port}/graphql`, 'ready').catch(() => ({ status: 0 }))).status === 200,
            {
              timeoutMs: 120_000,
              message: `${name} process ready`,
            },
          );
        } finally {
          child.kill();
        }
        const { code, stderr } = await child.exited;
        expect(code, stderr).toBe(0);
      });

      it('refuses a bad environment with one line and exit code 78', async () => {
        const { variable, value } = asProcess.badEnv;
        const { code, stderr } = await runTsx(asProcess.packageDir, 'src/main.ts', { [variable]: value, NATS_URL: env().nats.url }).exited;
        expect(code).toBe(78);
        expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^config: ${variable}: `))]);
      });
    }
  });
}

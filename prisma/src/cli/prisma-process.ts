import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KIT_DIR } from './context-paths';

const require = createRequire(import.meta.url);

/** Entry points of the two Prisma CLIs: 7.x for `generate`, 6.19 (alias `prisma-migrate`) for its WASM schema engine. */
export const PRISMA_7_CLI = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
export const PRISMA_MIGRATE_CLI = join(dirname(require.resolve('prisma-migrate/package.json')), 'build', 'index.js');

export const NO_SCHEMA_ENGINE = join(KIT_DIR, 'bin', 'no-schema-engine');

/** Environment that keeps either Prisma CLI from reaching for the network. */
export function offlinePrismaEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // Never download a native engine: point at a file that exists (and explains itself if run).
    PRISMA_SCHEMA_ENGINE_BINARY: NO_SCHEMA_ENGINE,
    // Rust-free client: without it Prisma 6.19 downloads libquery_engine.
    PRISMA_CLIENT_ENGINE_TYPE: 'client',
    // No version check / telemetry round trips.
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    ...extra,
  };
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kill the child (SIGKILL) and fail after this long; default: wait as long as it takes. */
  timeoutMs?: number;
}

export function runNode(script: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${args.join(' ')} did not finish within ${options.timeoutMs} ms\n${stderr}${stdout}`));
          }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * The most telling line of a failed Prisma run, for a one-line error. Schema diagnostics
 * (`error: …` followed by `-->  schema.prisma:54` and a code excerpt) are reported with the
 * offending schema line rather than a line number, because the authoring copy of the schema
 * is not line-for-line the context's file.
 */
export function summarizeFailure(result: ProcessResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes Prisma prints
    .map((line) => line.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter((line) => line.length > 0 && !line.startsWith('Loaded Prisma config') && !line.startsWith('Prisma schema loaded'));

  const diagnosticAt = lines.findIndex((line) => /^error: \S/.test(line));
  if (diagnosticAt !== -1) {
    const message = lines[diagnosticAt]!.slice('error: '.length);
    const lineNumber = lines
      .slice(diagnosticAt + 1)
      .find((line) => line.startsWith('-->'))
      ?.match(/:(\d+)$/)?.[1];
    const excerpt = lineNumber
      ? lines
          .find((line) => line.startsWith(`${lineNumber} |`))
          ?.slice(`${lineNumber} |`.length)
          .trim()
      : undefined;
    return excerpt ? `${message} (at \`${excerpt}\`)` : message;
  }
  // Otherwise the first error line that says more than an error code ("Error: P1012").
  const error = lines.find((line) => /error/i.test(line) && !/^error:?\s*(P\d{4})?$/i.test(line));
  return error ?? lines.at(-1) ?? `exited with code ${result.code}`;
}

/**
 * `agora-lint` (the root's `npm run lint`): ESLint, the layering check and Prettier's check, run
 * side by side (two child processes and the layering check in this one), then reported one
 * after the other with a summary. Exits 1 when any of them found something, 2 on bad usage.
 *
 *   agora-lint                      all three
 *   agora-lint layering eslint      only those (any of: eslint, layering, format)
 *   --root <dir>                    repository root (default: the one this package lives in)
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayering, formatLayering } from './layering';

const STEPS = ['eslint', 'layering', 'format'] as const;
type Step = (typeof STEPS)[number];

/** How many unformatted files to list before summing up the rest. */
const FORMAT_LIST_LIMIT = 40;

interface Outcome {
  step: Step;
  ok: boolean;
  /** One line for the summary. */
  verdict: string;
  output: string;
  seconds: number;
}

export async function run(argv: string[]): Promise<number> {
  let root = fileURLToPath(new URL('../../..', import.meta.url));
  const chosen: Step[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--root' && argv[i + 1]) root = resolve(argv[++i]!);
    else if ((STEPS as readonly string[]).includes(arg)) chosen.push(arg as Step);
    else {
      console.error(`agora-lint: unknown argument '${arg}' (steps: ${STEPS.join(', ')}; option: --root <dir>)`);
      return 2;
    }
  }
  const steps = chosen.length > 0 ? STEPS.filter((s) => chosen.includes(s)) : [...STEPS];
  console.log(`lint: ${steps.join(', ')} …`);

  const outcomes = await Promise.all(steps.map((step) => timed(step, () => RUNNERS[step](root))));
  for (const outcome of outcomes) {
    console.log(`\n::: ${outcome.step}${outcome.ok ? '' : ' — FAILED'}`);
    const text = outcome.output.trimEnd();
    if (text) console.log(text);
  }
  console.log('\n::: lint summary');
  for (const { step, ok, verdict, seconds } of outcomes) {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${step.padEnd(9)} ${seconds.toFixed(1).padStart(5)}s  ${verdict}`);
  }
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

async function timed(step: Step, body: () => Promise<Omit<Outcome, 'step' | 'seconds'>>): Promise<Outcome> {
  const started = performance.now();
  let result: Omit<Outcome, 'step' | 'seconds'>;
  try {
    result = await body();
  } catch (error) {
    result = { ok: false, verdict: 'crashed', output: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  return { step, ...result, seconds: (performance.now() - started) / 1000 };
}

const RUNNERS: Record<Step, (root: string) => Promise<Omit<Outcome, 'step' | 'seconds'>>> = {
  async eslint(root) {
    const { code, output } = await runBin(root, 'eslint', [
      '.',
      '--max-warnings=0',
      '--cache',
      '--cache-strategy=content',
      '--cache-location=node_modules/.cache/eslint/',
      process.stdout.isTTY ? '--color' : '--no-color',
    ]);
    const problems = /(\d+) problems?/.exec(output)?.[1];
    const verdict = code === 0 ? 'no problems' : problems ? `${problems} problem${problems === '1' ? '' : 's'}` : `exit ${code}`;
    return { ok: code === 0, verdict, output };
  },

  async layering(root) {
    const report = await checkLayering({ root });
    const count = report.violations.length;
    return {
      ok: count === 0,
      verdict: count === 0 ? `no violations (${report.modules} modules)` : `${count} violation${count === 1 ? '' : 's'}`,
      output: formatLayering(report),
    };
  },

  async format(root) {
    const { code, output } = await runBin(root, 'prettier', [
      '--check',
      '.',
      '--cache',
      '--cache-strategy=content',
      '--cache-location=node_modules/.cache/prettier/.prettier-cache',
    ]);
    const unformatted = output.split('\n').filter((line) => /^\[warn\] (?!Code style issues)/.test(line));
    const shown = output
      .split('\n')
      .filter((line) => !unformatted.includes(line) || unformatted.indexOf(line) < FORMAT_LIST_LIMIT)
      .join('\n');
    const more = unformatted.length - FORMAT_LIST_LIMIT;
    const text = more > 0 ? `${shown}\n… and ${more} more (npx prettier --check . lists them all)` : shown;
    if (code === 0) return { ok: true, verdict: 'every file formatted', output: text };
    const verdict =
      unformatted.length > 0
        ? `${unformatted.length} file${unformatted.length === 1 ? '' : 's'} to format: npm run format`
        : `exit ${code}`;
    return { ok: false, verdict, output: text };
  },
};

/** Runs a package's bin with this Node, from the root; stdout and stderr in arrival order. */
function runBin(root: string, pkg: string, args: string[]): Promise<{ code: number; output: string }> {
  const require = createRequire(join(root, 'package.json'));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[pkg];
  if (!bin) throw new Error(`${pkg} has no bin`);
  const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(dirname(manifestPath), bin), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : 1), output }));
  });
}

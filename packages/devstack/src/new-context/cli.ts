/**
 * `npm run new:context -- <name> [--port N] [--no-install]`
 *
 * Writes the skeleton (generate.ts), then — unless --no-install — links the new workspace
 * (`npm install`), authors the first migration with the offline migration tool, generates the
 * Prisma client and resolver types, and recomposes the supergraph and schema snapshots. Each
 * step prints what it runs; the first failure stops with its output.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../service-registry';
import { generateContext } from './generate';

function run(command: string, args: string[], cwd: string): void {
  console.log(`\n$ ${[command, ...args].join(' ')}${cwd === REPO_ROOT ? '' : `   (in ${cwd.slice(REPO_ROOT.length + 1)})`}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `\nnew:context: \`${[command, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal}); fix it and run the remaining steps by hand.`,
    );
    process.exit(1);
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, 'no-install': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});

if (values.help || positionals.length !== 1) {
  console.log('usage: npm run new:context -- <name> [--port N] [--no-install]\n  e.g. npm run new:context -- media');
  process.exit(values.help ? 0 : 2);
}

let generated;
try {
  generated = generateContext({ root: REPO_ROOT, name: positionals[0]!, port: values.port ? Number(values.port) : undefined });
} catch (error) {
  console.error(`new:context: ${(error as Error).message}`);
  process.exit(2);
}
console.log(`new:context: @agora/${generated.names.name} on port ${generated.port}`);
for (const file of generated.files) console.log(`  wrote ${file}`);
// What it wrote is formatted like the rest of the tree, so `npm run lint` passes on it.
run('npx', ['prettier', '--write', '--ignore-unknown', '--log-level', 'warn', ...generated.files], REPO_ROOT);

if (!values['no-install']) {
  const dir = join(REPO_ROOT, generated.dir);
  run('npm', ['install', '--no-audit', '--no-fund'], REPO_ROOT);
  run('npx', ['agora-prisma', 'migrate:new', '--name', 'init'], dir);
  run('npx', ['turbo', 'run', 'db:generate', 'codegen', `--filter=@agora/${generated.names.name}`, '--output-logs=errors-only'], REPO_ROOT);
  run('npm', ['run', 'schema:update'], REPO_ROOT);
}

console.log(`
Next:
  npm test -- --project @agora/${generated.names.name}     # the lifecycle test passes as generated
  ${generated.dir}/README.md                              # what to write first (domain → command → schema)
  npm start                                                 # the dev stack runs it on :${generated.port}`);

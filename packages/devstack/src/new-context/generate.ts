/**
 * `npm run new:context -- <name>`: writes a new bounded context's skeleton and registers it
 * everywhere a context is listed — schema/subgraphs.json (composition, schema checks, the dev
 * stack), docker-compose.yml (its service, the gateway's URL and dependency), the Dockerfile's
 * install layer and the Postgres init script. Plain file edits, no network; the CLI then installs,
 * authors the first migration and composes (see cli.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contextNames, type ContextNames } from './names';
import { skeletonFiles } from './templates';

export interface GenerateOptions {
  /** Repository root (holds schema/subgraphs.json). */
  root: string;
  name: string;
  /** Default: one above the highest port in the registry. */
  port?: number;
}

export interface GeneratedContext {
  names: ContextNames;
  dir: string;
  port: number;
  /** Every file written or changed, relative to the root. */
  files: string[];
}

interface Registry {
  subgraphs: { name: string; dir: string; schema: string; port: number }[];
  gateway: { dir: string; port: number };
}

export function generateContext(options: GenerateOptions): GeneratedContext {
  const names = contextNames(options.name);
  const { root } = options;
  const registryPath = join(root, 'schema/subgraphs.json');
  const registry = JSON.parse(readFileSync(registryPath, 'utf8')) as Registry & Record<string, unknown>;
  const dir = `subgraphs/${names.name}`;
  if (registry.subgraphs.some((s) => s.name === names.name) || existsSync(join(root, dir))) {
    throw new Error(`a context named "${names.name}" exists already (${dir})`);
  }
  const taken = new Set([...registry.subgraphs.map((s) => s.port), registry.gateway.port]);
  const port = options.port ?? Math.max(...taken) + 1;
  if (taken.has(port)) throw new Error(`port ${port} is taken by another service in schema/subgraphs.json`);

  const files: string[] = [];
  for (const file of skeletonFiles(names, port)) {
    const path = join(root, dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    files.push(`${dir}/${file.path}`);
  }

  registry.subgraphs.push({ name: names.name, dir, schema: `${dir}/src/graphql/schema.graphql`, port });
  writeFileSync(registryPath, `${JSON.stringify(registry, null, 2)}\n`);
  files.push('schema/subgraphs.json');

  const edits: [string, (text: string) => string][] = [
    ['docker-compose.yml', (text) => addComposeService(text, names, port)],
    ['Dockerfile', (text) => addDockerfileCopy(text, dir)],
    ['deploy/postgres/init-roles.sh', (text) => addPostgresRole(text, names)],
    ['.env.example', (text) => addEnvExample(text, names)],
  ];
  for (const [file, edit] of edits) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    files.push(file);
  }
  return { names, dir, port, files };
}

/** The context's service before the gateway's, and the gateway's routing URL and dependency on it. */
export function addComposeService(original: string, names: ContextNames, port: number): string {
  let compose = original;
  const { name, constant, database } = names;
  const role = database.replace(/^agora_/, '');
  // Its secrets reach Postgres (role password, init-roles.sh) and NATS (user password, nats-server.conf).
  compose = addEnvLine(compose, 'postgres', `POSTGRES_${constant}_PASSWORD`);
  compose = addEnvLine(compose, 'nats', `NATS_${constant}_PASSWORD`);
  const gatewayAt = compose.search(/^ {2}gateway:\n/m);
  if (gatewayAt < 0) throw new Error('docker-compose.yml has no gateway service to add the context before');
  const service = `  ${name}:
    <<: *node-service
    build:
      context: .
      dockerfile: Dockerfile
      args:
        SERVICE_DIR: subgraphs/${name}
    environment:
      <<: *common-env
      NATS_URL: nats://nats:4222
      NATS_USER: ${name}
      NATS_PASSWORD: \${NATS_${constant}_PASSWORD:?set NATS_${constant}_PASSWORD}
      ${constant}_PORT: "${port}"
      ${constant}_DATABASE_URL: postgres://${role}:\${POSTGRES_${constant}_PASSWORD:?set POSTGRES_${constant}_PASSWORD}@postgres:5432/${database}
    depends_on:
      postgres: { condition: service_healthy }
      nats: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
      interval: 5s
      timeout: 3s
      retries: 30
      start_period: 10s

`;
  let gateway = compose.slice(gatewayAt);
  const urls = [...gateway.matchAll(/^ {6}[A-Z0-9_]+_URL: http:\/\/[a-z0-9-]+:\d+\/graphql\n/gm)];
  const lastUrl = urls.at(-1);
  if (!lastUrl) throw new Error('the gateway service in docker-compose.yml lists no subgraph URLs');
  const urlEnd = lastUrl.index + lastUrl[0].length;
  gateway = `${gateway.slice(0, urlEnd)}      ${constant}_URL: http://${name}:${port}/graphql\n${gateway.slice(urlEnd)}`;
  const dependsAt = gateway.search(/^ {4}depends_on:\n/m);
  if (dependsAt < 0) throw new Error('the gateway service in docker-compose.yml has no depends_on');
  const deps = [...gateway.slice(dependsAt).matchAll(/^ {6}[a-z0-9-]+: \{ condition: service_healthy \}\n/gm)];
  const lastDep = deps.at(-1)!;
  const depEnd = dependsAt + lastDep.index + lastDep[0].length;
  gateway = `${gateway.slice(0, depEnd)}      ${name}: { condition: service_healthy }\n${gateway.slice(depEnd)}`;
  return compose.slice(0, gatewayAt) + service + gateway;
}

/** A required-secret line after the last `*_PASSWORD: ${…:?…}` line of `service`'s environment. */
function addEnvLine(compose: string, service: string, variable: string): string {
  const at = compose.search(new RegExp(`^ {2}${service}:\\n`, 'm'));
  if (at < 0) throw new Error(`docker-compose.yml has no ${service} service`);
  const next = compose.slice(at + 1).search(/^ {2}[a-z0-9-]+:\n/m);
  const block = compose.slice(at, next < 0 ? undefined : at + 1 + next);
  const lines = [...block.matchAll(/^ {6}[A-Z0-9_]+_PASSWORD: \$\{[^}]+\}\n/gm)];
  const last = lines.at(-1);
  if (!last) throw new Error(`the ${service} service in docker-compose.yml lists no passwords`);
  const end = at + last.index + last[0].length;
  return `${compose.slice(0, end)}      ${variable}: \${${variable}:?set ${variable}}\n${compose.slice(end)}`;
}

/** The context's role and database in deploy/postgres/init-roles.sh (its CONTEXTS list). */
export function addPostgresRole(script: string, names: ContextNames): string {
  const role = names.database.replace(/^agora_/, '');
  if (!/^CONTEXTS=\(([^)]*)\)$/m.test(script)) throw new Error('deploy/postgres/init-roles.sh has no CONTEXTS=(…) list');
  return script.replace(/^CONTEXTS=\(([^)]*)\)$/m, (_all, list: string) => `CONTEXTS=(${list} ${role})`);
}

/** Its two passwords in .env.example, after the others of their kind. */
function addEnvExample(example: string, names: ContextNames): string {
  let text = example;
  for (const kind of ['POSTGRES', 'NATS']) {
    const lines = [...text.matchAll(new RegExp(`^${kind}_[A-Z0-9_]+_PASSWORD=\\n`, 'gm'))];
    const last = lines.at(-1);
    const line = `${kind}_${names.constant}_PASSWORD=\n`;
    text = last ? `${text.slice(0, last.index + last[0].length)}${line}${text.slice(last.index + last[0].length)}` : `${text}${line}`;
  }
  return text;
}

/** The context's package.json in the image's install layer (after the other subgraphs'). */
export function addDockerfileCopy(dockerfile: string, dir: string): string {
  const lines = [...dockerfile.matchAll(/^COPY subgraphs\/[a-z0-9-]+\/package\.json subgraphs\/[a-z0-9-]+\/\n/gm)];
  const last = lines.at(-1);
  if (!last) throw new Error('the Dockerfile copies no subgraph package.json to add the context after');
  const end = last.index + last[0].length;
  return `${dockerfile.slice(0, end)}COPY ${dir}/package.json ${dir}/\n${dockerfile.slice(end)}`;
}

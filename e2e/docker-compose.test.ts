/**
 * No Docker engine runs here, so the compose file is checked for structure: every context in the
 * registry (and the gateway) is a service built from its package, every service has a health
 * check, dependencies wait for health, and every environment variable a service is given is one
 * its config schema reads (a typo would otherwise be silently ignored), with every required one
 * present.
 */
import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from '@agora/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REGISTRY, SUBGRAPHS } from './registry';
import { ROOT_DIR } from './support';

interface ComposeService {
  image?: string;
  command?: string[];
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}
const compose: { services: Record<string, ComposeService> } = parse(readFileSync(join(ROOT_DIR, 'docker-compose.yml'), 'utf8'), {
  merge: true,
});
const INIT_SCRIPT = 'deploy/postgres/init-roles.sh';
/** `${VAR:?message}`: compose refuses to start when VAR is unset or empty. */
const REQUIRED = /^\$\{[A-Z0-9_]+:\?[^}]+\}$/;
const SECRET_NAME = /(SECRET|PASSWORD|ENCRYPTION_KEY)/;
/** Optional: unset = the feature is off (no sign-in provider, local media storage, no key change under way). */
const OPTIONAL_SECRETS = new Set([
  'GITHUB_CLIENT_SECRET',
  'GOOGLE_CLIENT_SECRET',
  'MEDIA_S3_SECRET_ACCESS_KEY',
  'IDENTITY_KEY_ENCRYPTION_KEY_PREVIOUS',
]);
const processes = [...SUBGRAPHS.map((s) => ({ name: s.name, dir: s.dir, port: s.port })), { name: 'gateway', ...REGISTRY.gateway }];

/** Env names a service reads: the keys of the zod object schema(s) its config module exports. */
async function configKeys(dir: string): Promise<{ all: Set<string>; required: Set<string> }> {
  const mod: Record<string, unknown> = await import(join(ROOT_DIR, dir, 'src/config.ts'));
  const all = new Set<string>();
  const required = new Set<string>();
  type Field = { safeParse(v: unknown): { success: boolean } };
  type Schema = { shape?: Record<string, Field>; in?: { shape?: Record<string, Field> } };
  for (const value of Object.values(mod) as Schema[]) {
    // A config schema is a zod object, possibly piped into a transform (zod 4: `.in`).
    const shape = value?.shape ?? value?.in?.shape;
    if (!shape || typeof shape !== 'object') continue;
    for (const [key, field] of Object.entries(shape)) {
      all.add(key);
      if (!field.safeParse(undefined).success) required.add(key);
    }
  }
  return { all, required };
}

describe('docker-compose.yml', () => {
  it('runs Postgres with the role-per-context init script and NATS with JetStream on a volume and its auth config', () => {
    const init = readFileSync(join(ROOT_DIR, INIT_SCRIPT), 'utf8');
    for (const s of SUBGRAPHS) expect(init).toMatch(new RegExp(`CONTEXTS=\\(.*\\b${s.name}\\b`));
    const postgres = compose.services.postgres!;
    expect(postgres.volumes).toContain(`./${INIT_SCRIPT}:/docker-entrypoint-initdb.d/10-roles.sh:ro`);
    expect(postgres.healthcheck).toBeDefined();
    for (const s of SUBGRAPHS) expect(postgres.environment?.[`POSTGRES_${s.name.toUpperCase()}_PASSWORD`]).toMatch(REQUIRED);
    const nats = compose.services.nats!;
    expect(nats.command).toEqual(expect.arrayContaining(['-js', '-sd', '/data', '-c', '/etc/nats/nats-server.conf']));
    expect(nats.volumes).toEqual(
      expect.arrayContaining(['nats-data:/data', './deploy/nats/nats-server.conf:/etc/nats/nats-server.conf:ro']),
    );
    expect(nats.healthcheck).toBeDefined();
    for (const user of [...SUBGRAPHS.map((s) => s.name), 'gateway'])
      expect(nats.environment?.[`NATS_${user.toUpperCase()}_PASSWORD`], `nats lacks ${user}'s password`).toMatch(REQUIRED);
    // every $VARIABLE the server config references reaches the nats service (an unset one stops the server)
    const conf = readFileSync(join(ROOT_DIR, 'deploy/nats/nats-server.conf'), 'utf8').replace(/^\s*#.*$/gm, '');
    const referenced = [...conf.matchAll(/\$(NATS_[A-Z0-9_]+_PASSWORD)\b/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThan(SUBGRAPHS.length);
    for (const variable of referenced) expect(nats.environment?.[variable], `nats lacks ${variable}`).toMatch(REQUIRED);
  });

  it('requires every secret (${VAR:?…}) and runs no service with a literal or defaulted secret', () => {
    const raw = readFileSync(join(ROOT_DIR, 'docker-compose.yml'), 'utf8');
    expect(raw).not.toMatch(/\$\{[A-Z0-9_]*(SECRET|PASSWORD|ENCRYPTION_KEY)[A-Z0-9_]*:-[^}]/);
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (SECRET_NAME.test(key) && !OPTIONAL_SECRETS.has(key)) expect(String(value), `${name}: ${key}`).toMatch(REQUIRED);
        if (key.endsWith('DATABASE_URL'))
          expect(String(value), `${name}: ${key}`).toMatch(/^postgres:\/\/[a-z]+:\$\{POSTGRES_[A-Z]+_PASSWORD:\?[^}]+\}@/);
      }
    }
    expect(compose.services.postgres!.environment?.POSTGRES_PASSWORD).toMatch(REQUIRED);
    expect(compose.services.identity!.environment?.IDENTITY_KEY_ENCRYPTION_KEY).toMatch(REQUIRED);
    // .env.example names every variable compose requires, with no value.
    const example = readFileSync(join(ROOT_DIR, '.env.example'), 'utf8');
    const uncommented = raw.replace(/^\s*#.*$/gm, '');
    for (const [, variable] of uncommented.matchAll(/\$\{([A-Z0-9_]+):\?/g)) expect(example).toMatch(new RegExp(`^${variable}=$`, 'm'));
  });

  it('keeps .env files, data and dependencies out of the image', () => {
    const ignored = readFileSync(join(ROOT_DIR, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(
      expect.arrayContaining(['.env', '.env.*', '**/.env', '**/.env.*', '.data', '**/.data', 'node_modules', '.git', 'tmp']),
    );
    expect(readFileSync(join(ROOT_DIR, 'Dockerfile'), 'utf8')).not.toMatch(/\.env|SECRET|PASSWORD|ENCRYPTION_KEY/);
  });

  it.each(processes)('has a healthy, buildable service for $name', async ({ name, dir, port }) => {
    const service = compose.services[name];
    expect(service, `service ${name} missing`).toBeDefined();
    expect(existsSync(join(ROOT_DIR, dir, 'package.json'))).toBe(true);
    expect(service!.build?.args?.SERVICE_DIR).toBe(dir);
    expect(existsSync(join(ROOT_DIR, service!.build!.dockerfile))).toBe(true);
    expect(service!.healthcheck?.test.join(' ')).toContain(`:${port}/health/ready`);
    for (const [dependency, spec] of Object.entries(service!.depends_on ?? {})) {
      expect(compose.services[dependency], `${name} depends on unknown ${dependency}`).toBeDefined();
      expect(spec.condition).toBe('service_healthy');
    }
  });

  it.each(SUBGRAPHS)('gives $name its own database, NATS, and only env names its config reads', async ({ name, dir }) => {
    const env = compose.services[name]!.environment ?? {};
    const prefix = name.toUpperCase();
    // its own role, with its own password, on its own database
    expect(env[`${prefix}_DATABASE_URL`]).toBe(
      `postgres://${name}:\${POSTGRES_${prefix}_PASSWORD:?set POSTGRES_${prefix}_PASSWORD}@postgres:5432/agora_${name}`,
    );
    expect(env.NATS_URL).toBe('nats://nats:4222');
    expect(env.NATS_USER).toBe(name);
    expect(env.NATS_PASSWORD).toBe(`\${NATS_${prefix}_PASSWORD:?set NATS_${prefix}_PASSWORD}`);
    expect(compose.services[name]!.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      nats: { condition: 'service_healthy' },
    });
    const { all, required } = await configKeys(dir);
    for (const key of Object.keys(env)) expect(all, `${name}: ${key} is not read by its config`).toContain(key);
    for (const key of required) expect(Object.keys(env), `${name}: required ${key} missing`).toContain(key);
  });

  it("points the gateway at every subgraph and at identity's JWKS", async () => {
    const gateway = compose.services.gateway!;
    const env = gateway.environment ?? {};
    for (const s of SUBGRAPHS) {
      expect(env[`${s.name.toUpperCase()}_URL`]).toBe(`http://${s.name}:${s.port}/graphql`);
      expect(gateway.depends_on?.[s.name]?.condition).toBe('service_healthy');
    }
    expect(env.IDENTITY_JWKS_URL).toBe('http://identity:4001/.well-known/jwks.json');
    expect(env.NATS_USER).toBe('gateway');
    expect(env.NATS_PASSWORD).toBe('${NATS_GATEWAY_PASSWORD:?set NATS_GATEWAY_PASSWORD}');
    expect(gateway.ports).toContain('4000:4000');
    const { all } = await configKeys(REGISTRY.gateway.dir);
    // Subgraph URLs are derived from the supergraph's graph names, so they need not be schema keys.
    const urlKeys = new Set(SUBGRAPHS.map((s) => `${s.name.toUpperCase()}_URL`));
    for (const key of Object.keys(env)) if (!urlKeys.has(key)) expect(all, `gateway: ${key} is not read by its config`).toContain(key);
  });
});

describe('Dockerfile', () => {
  it('copies every workspace package manifest before `npm ci`, so the install layer matches the lockfile', () => {
    const dockerfile = readFileSync(join(ROOT_DIR, 'Dockerfile'), 'utf8');
    const workspaces: string[] = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')).workspaces;
    const lock = JSON.parse(readFileSync(join(ROOT_DIR, 'package-lock.json'), 'utf8')) as { packages: Record<string, { link?: boolean }> };
    // Workspace folders are the lockfile's non-node_modules package entries.
    const dirs = Object.keys(lock.packages).filter((path) => path !== '' && !path.includes('node_modules'));
    expect(dirs.length).toBeGreaterThanOrEqual(workspaces.length);
    for (const dir of dirs)
      expect(dockerfile, `Dockerfile does not copy ${dir}/package.json`).toContain(`COPY ${dir}/package.json ${dir}/`);
  });
});

describe('deploy/postgres/init-roles.sh (run against a real Postgres cluster)', () => {
  let cluster: PostgresCluster;
  const password = (ctx: string) => `pw-${ctx}-'quoted"`;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const env = {
      ...process.env,
      PGHOST: '127.0.0.1',
      PGPORT: String(cluster.port),
      POSTGRES_USER: 'postgres',
      POSTGRES_DB: 'postgres',
      PATH: `${findPostgresBinDir()}:${process.env.PATH}`,
      ...Object.fromEntries(SUBGRAPHS.map((s) => [`POSTGRES_${s.name.toUpperCase()}_PASSWORD`, password(s.name)])),
    };
    await promisify(execFile)('bash', [join(ROOT_DIR, INIT_SCRIPT)], { env });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  const as = async <T>(user: string, database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ host: '127.0.0.1', port: cluster.port, user, database });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  it('gives each context a login role (with its password set) owning its own database', async () => {
    const rows = await as(
      'postgres',
      'postgres',
      async (c) =>
        (
          await c.query<{ rolname: string; owner: string; rolsuper: boolean; rolcreatedb: boolean; has_password: boolean }>(
            `SELECT r.rolname, pg_get_userbyid(d.datdba) AS owner, r.rolsuper, r.rolcreatedb, a.rolpassword IS NOT NULL AS has_password
             FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid JOIN pg_database d ON d.datname = 'agora_' || r.rolname
            ORDER BY r.rolname`,
          )
        ).rows,
    );
    expect(rows.map((r) => r.rolname).sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
    for (const row of rows)
      expect(row).toEqual({ rolname: row.rolname, owner: row.rolname, rolsuper: false, rolcreatedb: false, has_password: true });
  });

  it('lets posts create and use tables in agora_posts', async () => {
    await as('posts', 'agora_posts', async (c) => {
      await c.query('CREATE TABLE post (id int PRIMARY KEY)');
      await c.query('INSERT INTO post VALUES (1)');
      expect((await c.query('SELECT count(*)::int AS n FROM post')).rows[0]).toEqual({ n: 1 });
    });
  });

  it('refuses posts a connection to agora_identity, and identity a table in agora_posts', async () => {
    await expect(as('posts', 'agora_identity', async () => undefined)).rejects.toThrow(/permission denied for database "agora_identity"/);
    await expect(as('identity', 'agora_posts', async () => undefined)).rejects.toThrow(/permission denied for database "agora_posts"/);
  });

  it('stops without a password for some context (no default)', async () => {
    const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(cluster.port), PATH: `${findPostgresBinDir()}:${process.env.PATH}` };
    await expect(promisify(execFile)('bash', [join(ROOT_DIR, INIT_SCRIPT)], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining('POSTGRES_IDENTITY_PASSWORD is not set'),
    });
  });
});

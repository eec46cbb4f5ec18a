/**
 * No Docker engine runs here, so the compose file is checked for structure: every context in the
 * registry (and the gateway) is a service built from its package, every service has a health
 * check, dependencies wait for health, and every environment variable a service is given is one
 * its config schema reads (a typo would otherwise be silently ignored), with every required one
 * present.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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
  ports?: string[];
}
const compose: { services: Record<string, ComposeService> } = parse(readFileSync(join(ROOT_DIR, 'docker-compose.yml'), 'utf8'), {
  merge: true,
});
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
  it('runs Postgres with one database per context and NATS with JetStream', () => {
    const init = readFileSync(join(ROOT_DIR, 'deploy/postgres/init-databases.sql'), 'utf8');
    for (const s of SUBGRAPHS) expect(init).toContain(`CREATE DATABASE agora_${s.name};`);
    expect(compose.services.postgres?.healthcheck).toBeDefined();
    expect(compose.services.nats?.command).toEqual(expect.arrayContaining(['-js', '-sd']));
    expect(compose.services.nats?.healthcheck).toBeDefined();
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
    expect(env[`${prefix}_DATABASE_URL`]).toMatch(new RegExp(`@postgres:5432/agora_${name}$`));
    expect(env.NATS_URL).toBe('nats://nats:4222');
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

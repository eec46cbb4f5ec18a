import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONFIG_EXIT_CODE, DEV_INTERNAL_SECRET, env, loadConfig } from './config';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('../test/fixtures/load-config.fixture.ts', import.meta.url));

/** Runs loadConfig in a real child process (it exits on failure), with exactly `vars` as env. */
function runFixture(vars: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, ...vars },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const schema = z.object({
  WIDGETS_PORT: env.port(4100),
  LOG_LEVEL: env.logLevel,
  AGORA_INTERNAL_SECRET: env.internalSecret,
  NATS_URL: env.optionalUrl,
});

describe('loadConfig (in process, valid input)', () => {
  it('applies defaults outside production, treating empty variables as unset', () => {
    expect(loadConfig(schema, { NODE_ENV: 'development', WIDGETS_PORT: '', NATS_URL: '' })).toEqual({
      WIDGETS_PORT: 4100,
      LOG_LEVEL: 'info',
      AGORA_INTERNAL_SECRET: DEV_INTERNAL_SECRET,
      NATS_URL: undefined,
    });
  });

  it('coerces and keeps given values', () => {
    const secret = 's'.repeat(40);
    expect(
      loadConfig(schema, {
        NODE_ENV: 'production',
        WIDGETS_PORT: '8080',
        LOG_LEVEL: 'debug',
        AGORA_INTERNAL_SECRET: secret,
        NATS_URL: 'nats://127.0.0.1:4222',
      }),
    ).toEqual({ WIDGETS_PORT: 8080, LOG_LEVEL: 'debug', AGORA_INTERNAL_SECRET: secret, NATS_URL: 'nats://127.0.0.1:4222' });
  });
});

describe('loadConfig (child process)', () => {
  it('prints the parsed config when the environment is valid', () => {
    const result = runFixture({ WIDGETS_PORT: '4999' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ WIDGETS_PORT: 4999, LOG_LEVEL: 'info' });
  });

  it('fails with ONE stderr line naming every bad variable, and exit code 78', () => {
    const result = runFixture({ WIDGETS_PORT: '70000', LOG_LEVEL: 'loud', AGORA_INTERNAL_SECRET: 'short-secret', NATS_URL: 'not a url' });
    expect(result.status).toBe(CONFIG_EXIT_CODE);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatch(/^config: /);
    for (const name of ['WIDGETS_PORT', 'LOG_LEVEL', 'AGORA_INTERNAL_SECRET', 'NATS_URL']) expect(line).toContain(`${name}: `);
    expect(line).toContain('between 1 and 65535');
    // The bad secret's value is never echoed.
    expect(line).not.toContain('short-secret');
  });

  it('requires the internal secret in production', () => {
    const result = runFixture({ NODE_ENV: 'production' });
    expect(result.status).toBe(CONFIG_EXIT_CODE);
    expect(result.stderr.trim()).toBe('config: AGORA_INTERNAL_SECRET: required in production (at least 32 characters)');
  });

  it('refuses the development default secret in production', () => {
    const result = runFixture({ NODE_ENV: 'production', AGORA_INTERNAL_SECRET: DEV_INTERNAL_SECRET });
    expect(result.status).toBe(CONFIG_EXIT_CODE);
    expect(result.stderr).toContain('AGORA_INTERNAL_SECRET: the development default is not allowed in production');
  });

  it('rejects a port that is not a number', () => {
    const result = runFixture({ WIDGETS_PORT: 'eighty' });
    expect(result.status).toBe(CONFIG_EXIT_CODE);
    expect(result.stderr.trim()).toBe('config: WIDGETS_PORT: expected a port number');
  });
});

describe('env.flag and env.rateLimits', () => {
  const flags = z.object({ AUTH_REQUIRE_VERIFIED_EMAIL: env.flag(false), AGORA_RATE_LIMITS: env.rateLimits });

  it('reads booleans in the usual spellings, unset or empty = the default', () => {
    expect(flags.parse({})).toEqual({ AUTH_REQUIRE_VERIFIED_EMAIL: false, AGORA_RATE_LIMITS: true });
    expect(flags.parse({ AUTH_REQUIRE_VERIFIED_EMAIL: 'TRUE', AGORA_RATE_LIMITS: '' })).toEqual({
      AUTH_REQUIRE_VERIFIED_EMAIL: true,
      AGORA_RATE_LIMITS: true,
    });
    expect(flags.parse({ AUTH_REQUIRE_VERIFIED_EMAIL: '0' }).AUTH_REQUIRE_VERIFIED_EMAIL).toBe(false);
    expect(flags.safeParse({ AUTH_REQUIRE_VERIFIED_EMAIL: 'maybe' }).success).toBe(false);
  });

  it('turns rate limits off outside production, and refuses anything but on/off', () => {
    expect(loadConfig(flags, { NODE_ENV: 'development', AGORA_RATE_LIMITS: 'off' }).AGORA_RATE_LIMITS).toBe(false);
    expect(loadConfig(flags, { NODE_ENV: 'production', AGORA_RATE_LIMITS: 'on' }).AGORA_RATE_LIMITS).toBe(true);
    expect(flags.safeParse({ AGORA_RATE_LIMITS: 'sometimes' }).success).toBe(false);
  });

  it('refuses AGORA_RATE_LIMITS=off in production with one config line', () => {
    const result = runFixture({ NODE_ENV: 'production', AGORA_INTERNAL_SECRET: 's'.repeat(40), AGORA_RATE_LIMITS: 'off' });
    expect(result.status).toBe(CONFIG_EXIT_CODE);
    expect(result.stderr.trim()).toBe('config: AGORA_RATE_LIMITS: rate limits cannot be turned off in production');
  });
});

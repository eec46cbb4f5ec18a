/** The "what runs where" summary the CLI prints once the platform is ready. */
import { isAbsolute, relative, resolve } from 'node:path';
import type { Platform } from './platform';
import { envPrefix, type ServiceDefinition } from './service-registry';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('   ')}`.trimEnd()).join('\n');
}

export function statusReport(
  platform: Pick<Platform, 'natsUrl' | 'services' | 'gatewayUrl' | 'dataDir'> & {
    nats: { pid: number | undefined; storeDir: string } | undefined;
  },
  services: readonly ServiceDefinition[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string {
  // Paths under the working directory are shown relative to it, others in full.
  const where = (path: string) => {
    const shown = relative(cwd, path);
    return shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? path : shown;
  };
  const rows = [['service', 'url', 'pid', 'data']];
  rows.push(
    platform.nats
      ? ['nats', platform.natsUrl, String(platform.nats.pid ?? '-'), where(platform.nats.storeDir)]
      : ['nats', platform.natsUrl, '-', '(external, NATS_URL)'],
  );
  for (const service of platform.services) {
    const kind = services.find((s) => s.name === service.name)?.kind;
    // Never print a database URL: it may carry a password.
    const databaseVar = `${envPrefix(service.name)}_DATABASE_URL`;
    const data =
      kind !== 'subgraph'
        ? '-'
        : env[databaseVar]
          ? `Postgres (${databaseVar})`
          : `${where(resolve(platform.dataDir, service.name))} (PGlite)`;
    rows.push([service.name, service.url, String(service.pid), data]);
  }
  const gatewayPort = new URL(platform.gatewayUrl).port;
  // Never print SMTP_URL either: it may carry credentials.
  const mail = env.SMTP_URL
    ? 'sent over SMTP (SMTP_URL)'
    : `written as .eml files to ${where(resolve(platform.dataDir, 'mail'))}/ (set SMTP_URL to send)`;
  return [
    '',
    `Agora is running (data in ${where(platform.dataDir)}):`,
    '',
    table(rows),
    '',
    `Gateway (Apollo Sandbox): http://localhost:${gatewayPort}/graphql   — Ctrl-C stops everything`,
    `Subscriptions:            ws://localhost:${gatewayPort}/graphql · SSE http://localhost:${gatewayPort}/graphql/stream`,
    `Mail:                     ${mail}`,
    '',
  ].join('\n');
}

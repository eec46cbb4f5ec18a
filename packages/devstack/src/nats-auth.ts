/**
 * NATS credentials for one `npm start` (or test platform): a fresh password per user on every
 * start, the server's config written with mode 0600 under the data dir, and the credentials for
 * tools in `<dataDir>/nats-credentials.json` (0600). Users and permissions come from the one
 * declaration, @agora/messaging `NATS_ACCESS` (access.ts).
 */
import { STREAMS } from '@agora/events';
import { connectNats, ensureStreams, generateNatsUsers, NATS_ADMIN_USER, type NatsUser } from '@agora/messaging';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const quiet = () => {};
const SILENT = { debug: quiet, info: quiet, warn: quiet, error: quiet };

/** What a platform with its own NATS generated; `platform.natsCredentials`. */
export interface NatsCredentials {
  /** `agora-admin`: every permission (tests, chaos invariants, DLQ inspection). */
  admin: { user: string; pass: string };
  /** Password by user name (`identity`, …, `gateway`, `agora-admin`). */
  passwords: Record<string, string>;
}

export interface PlatformNatsAuth {
  users: NatsUser[];
  configPath: string;
  credentials: NatsCredentials;
}

/** Generates this start's users (fresh passwords); the server config goes to `<dataDir>/nats-server.conf`. */
export function generatePlatformNatsAuth(dataDir: string): PlatformNatsAuth {
  const users = generateNatsUsers();
  return { users, configPath: join(dataDir, 'nats-server.conf'), credentials: credentialsOf(users) };
}

/** The credentials of a server's users (`agora-admin` must be among them). */
export function credentialsOf(users: readonly { user: string; password: string }[]): NatsCredentials {
  const passwords = Object.fromEntries(users.map((user) => [user.user, user.password]));
  const admin = passwords[NATS_ADMIN_USER];
  if (admin === undefined) throw new Error(`the NATS server's users must include ${NATS_ADMIN_USER}`);
  return { admin: { user: NATS_ADMIN_USER, pass: admin }, passwords };
}

/** `<dataDir>/nats-credentials.json` (mode 0600): `{ url, admin: { user, pass }, passwords }`. */
export async function writeCredentialsFile(dataDir: string, credentials: NatsCredentials, url: string): Promise<void> {
  const path = join(dataDir, 'nats-credentials.json');
  await writeFile(path, `${JSON.stringify({ url, ...credentials }, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** `NATS_USER`/`NATS_PASSWORD` for a service (none for a service without declared access). */
export function natsEnvFor(credentials: NatsCredentials | undefined, service: string): Record<string, string> {
  const password = credentials?.passwords[service];
  return password === undefined || service === NATS_ADMIN_USER ? {} : { NATS_USER: service, NATS_PASSWORD: password };
}

/**
 * Creates the contexts' streams (and the DLQ) as `agora-admin` before any service starts. Each
 * context may create only its own stream and waits for those it consumes, so a platform running
 * a subset of the contexts (tests) would otherwise wait for streams nobody creates.
 */
export async function ensurePlatformStreams(url: string, credentials: NatsCredentials): Promise<void> {
  const nc = await connectNats({ servers: url, name: 'devstack', logger: SILENT, ...credentials.admin });
  try {
    await ensureStreams(nc, Object.values(STREAMS));
  } finally {
    await nc.close();
  }
}

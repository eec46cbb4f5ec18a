/**
 * @agora/devstack — runs the whole platform locally: NATS with JetStream, every subgraph and the
 * gateway as child processes, waiting for each `/health/ready`. Used by `npm start` and by the
 * end-to-end tests (on free ports and a temp data dir), so both run the platform the same way.
 */

export interface ServiceDefinition {
  /** Context name, e.g. `identity`; also the env prefix (`IDENTITY_PORT`, `IDENTITY_DATABASE_URL`). */
  name: string;
  /** Package directory relative to the repo root, e.g. `subgraphs/identity`. */
  dir: string;
  defaultPort: number;
  kind: 'subgraph' | 'gateway';
}
/** Every process, in start order (subgraphs first, gateway last). Adding a context = one line here. */
export declare const SERVICES: readonly ServiceDefinition[];

export interface PlatformOptions {
  /** Repository root. */
  rootDir: string;
  /** Where NATS and PGlite keep data; default `<rootDir>/.data`. */
  dataDir?: string;
  /** Use free ports instead of the defaults (tests). */
  randomPorts?: boolean;
  /** Use this NATS instead of starting one. */
  natsUrl?: string;
  /** Extra env for every child (e.g. per-context DATABASE_URLs, short timeouts). */
  env?: Record<string, string>;
  /** Child output: `prefix` (lines prefixed with the service name, default), `ignore`, or a callback. */
  output?: 'prefix' | 'ignore' | ((service: string, line: string) => void);
  /** Per service readiness timeout; default 60 s. */
  readyTimeoutMs?: number;
}
export interface RunningService {
  name: string;
  url: string;
  port: number;
  pid: number;
}
export interface Platform {
  gatewayUrl: string;
  natsUrl: string;
  services: RunningService[];
  /** SIGTERM in reverse start order, wait for exits (SIGKILL after a timeout), then NATS. */
  stop(): Promise<void>;
}
export declare function startPlatform(options: PlatformOptions): Promise<Platform>;

/**
 * @agora/devstack — runs the whole platform locally: NATS with JetStream, every subgraph and the
 * gateway as child processes, waiting for each `/health/ready`. Used by `npm start` and by the
 * end-to-end tests (on free ports and a temp data dir), so both run the platform the same way.
 */
export { SERVICES, REPO_ROOT, loadServices, envPrefix, type ServiceDefinition } from './service-registry';
export { startPlatform, type Platform, type PlatformOptions, type RunningService } from './platform';
export type { NatsCredentials } from './nats-auth';
export { prefixedWriter, type LineSink } from './output';

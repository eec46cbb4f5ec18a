import type { Logger } from 'pino';

export interface Stoppable {
  stop(): Promise<void>;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Runs a service: calls `start`, logs fatal start-up errors (exit 1), and on SIGTERM/SIGINT calls
 * `stop()` once (exit 0), with a hard timeout (default 10 s, exit 1). A second signal while
 * stopping forces exit 1 (an operator pressing Ctrl-C twice means it). Unhandled rejections and
 * uncaught exceptions are logged as fatal and exit 1: the process state is unknown after them.
 */
export function runService(
  name: string,
  logger: Logger,
  start: () => Promise<Stoppable>,
  options: { shutdownTimeoutMs?: number } = {},
): void {
  // `name` goes into messages only: the logger already carries `service` in its bindings.
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  // createLogger writes synchronously, so the last line is out before exit.
  const exit = (code: number): never => process.exit(code);

  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    exit(1);
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    exit(1);
  });

  const started = start().then(
    (service) => {
      logger.info(`${name} started`);
      return service;
    },
    (err: unknown) => {
      logger.fatal({ err }, `${name} failed to start`);
      return exit(1);
    },
  );

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping, forcing exit');
      exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Not unref'd: if stop() hangs on nothing, the timer is what ends the process (with 1, not 0).
    setTimeout(() => {
      logger.error({ shutdownTimeoutMs }, 'shutdown timed out, forcing exit');
      exit(1);
    }, shutdownTimeoutMs);
    // A signal during start-up waits for start to finish, then stops what was started.
    started
      .then((service) => service.stop())
      .then(
        () => {
          logger.info(`${name} stopped`);
          exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

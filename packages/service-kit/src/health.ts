import type { Application, Request, Response } from 'express';
import type { Logger } from 'pino';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

/** A readiness check that hangs must not hang the probe (orchestrators give up after a few s). */
const READINESS_TIMEOUT_MS = 5_000;

async function readinessWithTimeout(readiness: () => Promise<ReadinessReport>): Promise<ReadinessReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness check timed out after ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([readiness(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/health/live`: the process is up (restart it if not). `/health/ready`: it can serve traffic
 * (route to it if so) — 200 or 503 with the report. While shutting down it reports not ready so
 * load balancers stop sending work before the connections close.
 */
export function mountHealthRoutes(
  app: Application,
  options: { readiness: () => Promise<ReadinessReport>; isShuttingDown: () => boolean; logger: Logger },
): void {
  app.get('/health/live', (_req: Request, res: Response) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req: Request, res: Response) => {
    let report: ReadinessReport;
    if (options.isShuttingDown()) {
      report = { ready: false, checks: { acceptingRequests: false } };
    } else {
      try {
        report = await readinessWithTimeout(options.readiness);
      } catch (err) {
        options.logger.error({ err }, 'readiness check failed');
        report = { ready: false, checks: {} };
      }
    }
    res.status(report.ready ? 200 : 503).json(report);
  });
}

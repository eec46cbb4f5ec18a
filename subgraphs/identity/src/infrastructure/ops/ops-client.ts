import { OPS_PATH_PREFIX } from './ops.route';
import { signOpsToken } from './ops-token';

/** What a running identity answered, or that none listens at the URL (connection refused). */
export type OpsCallResult = { running: true; result: Record<string, unknown> } | { running: false };

/** A running identity refused or failed the operation (its answer's error code and message). */
export class OpsRequestError extends Error {
  override name = 'OpsRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Asks the identity at `baseUrl` to run `op` with a freshly signed ops token. `{ running: false }`
 * only when nothing accepts the connection (ECONNREFUSED): the CLI may then work on the database
 * itself. Anything else that goes wrong (a refusal, a timeout, another process on the port) throws.
 */
export async function callOps(
  baseUrl: string,
  secret: string,
  op: string,
  args: Record<string, unknown> = {},
  options: { timeoutMs?: number } = {},
): Promise<OpsCallResult> {
  const token = await signOpsToken(secret, op, args);
  let response: Response;
  try {
    response = await fetch(new URL(`${OPS_PATH_PREFIX}${op}`, baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    if (connectionRefused(error)) return { running: false };
    throw error;
  }
  const body = (await response.json().catch(() => ({}))) as { result?: Record<string, unknown>; error?: string; message?: string };
  if (!response.ok || !body.result) {
    const code = body.error ?? `HTTP_${response.status}`;
    throw new OpsRequestError(
      response.status,
      code,
      `identity at ${baseUrl} refused ${op}: ${code}${body.message ? ` (${body.message})` : ''}`,
    );
  }
  return { running: true, result: body.result };
}

function connectionRefused(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    // undici wraps several attempts (IPv4 / IPv6) in an AggregateError.
    if (cause instanceof AggregateError && cause.errors.every(connectionRefused)) return true;
  }
  return false;
}

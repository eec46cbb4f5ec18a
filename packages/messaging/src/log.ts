/** Minimal structured logger (pino satisfies it). */
export interface Log {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Adds fixed fields to every line. `Log` has no `child()` (so plain objects can implement it),
 * hence this small wrapper instead of pino's own.
 */
export function withFields(logger: Log, fields: object): Log {
  return {
    debug: (obj, msg) => logger.debug({ ...fields, ...obj }, msg),
    info: (obj, msg) => logger.info({ ...fields, ...obj }, msg),
    warn: (obj, msg) => logger.warn({ ...fields, ...obj }, msg),
    error: (obj, msg) => logger.error({ ...fields, ...obj }, msg),
  };
}

/** Error details worth a log line, without dumping whole error objects. */
export function describeError(error: unknown): { err: string; code?: unknown } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return code === undefined ? { err: error.message } : { err: error.message, code };
  }
  return { err: String(error) };
}

import type { Log } from '../../src/log';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string | undefined;
}

/** A Log that remembers every line, so tests can assert what was logged (and wait for it). */
export function captureLogger(): Log & { entries: LogEntry[]; find(msg: string | RegExp, level?: LogEntry['level']): LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (fields: object, msg?: string) => {
    entries.push({ level, fields: fields as Record<string, unknown>, msg });
    if (process.env.DEBUG_MESSAGING_TESTS) console.log(level, msg, fields);
  };
  return {
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    find(msg, level) {
      return entries.filter(
        (entry) =>
          (level === undefined || entry.level === level) && (typeof msg === 'string' ? entry.msg === msg : msg.test(entry.msg ?? '')),
      );
    },
  };
}

import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Secrets that must never reach a log line, at the depths they show up in practice: top level,
 * inside one object (`input.password`), and inside GraphQL variables (`variables.input.password`).
 */
const SECRET_KEYS = ['password', 'newPassword', 'currentPassword', 'token', 'accessToken', 'refreshToken', 'secret'];
const HEADER_KEYS = ['authorization', 'cookie', 'x-agora-identity'];

const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  // Bracket notation because header names contain dashes.
  ...HEADER_KEYS.flatMap((key) => [`headers["${key}"]`, `*.headers["${key}"]`, `*.*.headers["${key}"]`]),
];

/**
 * pino JSON logger with `service` bound; secrets (authorization, password, tokens) redacted.
 * Writes to stdout synchronously: pino's default async stream can drop the last lines when the
 * process exits right after logging them, which is exactly when a fatal line matters.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

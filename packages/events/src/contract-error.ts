import type { z } from 'zod';

/**
 * An event (or a payload for one) does not satisfy its contract. Thrown by createEvent on the
 * producer side — a programming error — and by parseEvent on the consumer side, where the
 * messaging layer dead-letters the message instead of retrying it (it can never succeed).
 */
export class EventContractError extends Error {
  override readonly name = 'EventContractError';
  readonly eventType: string;
  /** One line per problem, `<path>: <message>`. */
  readonly issues: string[];

  constructor(eventType: string, issues: string[]) {
    super(`event ${eventType} violates its contract: ${issues.join('; ')}`);
    this.eventType = eventType;
    this.issues = issues;
  }

  /** Flattens zod issues into readable lines; `prefix` places them inside the envelope (e.g. `payload`). */
  static fromZod(eventType: string, error: z.ZodError, prefix?: string): EventContractError {
    return new EventContractError(
      eventType,
      error.issues.map((issue) => {
        const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
        return `${path || '(envelope)'}: ${issue.message}`;
      }),
    );
  }
}

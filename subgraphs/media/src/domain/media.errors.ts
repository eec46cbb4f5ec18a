import { DomainError, type ErrorCode } from '@agora/kernel';

/**
 * Expected failures of the media domain: the API's code and a stable `MEDIA.<REASON>`. A kernel
 * DomainError, so the subgraph passes it to the client as it is (code, reason, field). Add a named
 * factory per rule, e.g. `static notFound() { return new MediaError('NOT_FOUND', 'MEDIA.NOT_FOUND', 'No such thing'); }`.
 */
export class MediaError extends DomainError {
  override name = 'MediaError';

  constructor(code: ErrorCode, reason: `MEDIA.${string}`, message: string, field?: string) {
    super(code, reason, message, field);
  }
}

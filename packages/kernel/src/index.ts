/**
 * @agora/kernel — the dependency-free base every layer may import, `domain/` included.
 *
 * - DomainError: expected failures with the API's code, a stable `<CONTEXT>.<REASON>` and the
 *   input field at fault; the command pipeline and the subgraph server expose them unmasked.
 * - Clock / IdGenerator / EventMetadata: the ports every use case takes.
 * - canonicalUuid: the one spelling of an id (lower case), applied where inputs and events are parsed.
 * - chunks: batching helper for bounded statements.
 * - user text (user-text.ts): the one rule for text a person typed — no control characters (but
 *   `\n`/`\t` in multi-line fields), no bidi embedding/override/isolate, not only invisible
 *   characters; NFC. `requireUserText` for domain code, `refineUserText` for zod schemas.
 */
export { DomainError, ConcurrentModificationError, type ErrorCode, type DomainErrorOptions } from './expected-error';
export { systemClock, type Clock, type IdGenerator, type EventMetadata } from './ports';
export { canonicalUuid, isUuid } from './uuid';
export { chunks } from './collections';
export {
  normalizeUserText,
  userTextProblem,
  requireUserText,
  refineUserText,
  USER_TEXT_MESSAGES,
  type UserTextProblem,
  type UserTextOptions,
  type UserTextIssueSink,
} from './user-text';

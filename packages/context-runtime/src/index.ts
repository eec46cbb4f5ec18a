/**
 * @agora/context-runtime — one way to write and run a bounded context.
 *
 * - startContext: the process — database (migrated) → Prisma → NATS (streams) → outbox relay →
 *   consumers → GraphQL server, stopped in reverse (ADR 6).
 * - the command pipeline: a command is declared once (input schema, viewer rule, handler over
 *   ports); the pipeline checks the viewer, parses the input into BAD_USER_INPUT with
 *   `extensions.field`, builds the event metadata and runs the handler in the unit of work.
 *   `mutation(command)` is the one-line resolver. Handlers get `call.clientIp` (the gateway's
 *   signed `ip` claim, null when unknown). With `requireVerifiedEmail` (AUTH_REQUIRE_VERIFIED_EMAIL;
 *   defineBoundedContext passes the config's) a `viewer: 'required'` command of an unverified
 *   viewer is refused FORBIDDEN `IDENTITY.EMAIL_NOT_VERIFIED` before it runs, unless it declares
 *   `allowUnverifiedEmail: true`.
 * - consumers: declared once (contract + handler over ports); `eventHandlers` runs each exactly
 *   once per event through the inbox, in the same transaction as its effects.
 */
export {
  startContext,
  databaseFor,
  contextUnitOfWork,
  PRISMA_CLIENT_DEFAULTS,
  type PrismaClientDefaults,
  type DriverAdapter,
  type PrismaLike,
  type ContextSettings,
  type RuntimeOverrides,
  type Infrastructure,
  type ContextParts,
  type ContextDefinition,
  type RunningContext,
} from './start-context';
export {
  defineCommand,
  createCommandPipeline,
  emailNotVerified,
  CommandPipeline,
  type Actor,
  type ActorFor,
  type ViewerRule,
  type CommandCall,
  type CommandDefinition,
  type CommandRequest,
  type CommandRunner,
  type CommandPipelineOptions,
} from './commands/command';
export { mutation, type CommandContext } from './commands/resolver';
export {
  defineConsumer,
  eventHandlers,
  consume,
  bindConsumer,
  type ConsumerDefinition,
  type ConsumedCall,
  type ConsumerPipelineOptions,
  type InboxRunner,
  type TestDelivery,
} from './commands/consumer';
export { uuidInput } from './commands/inputs';
export {
  defineBoundedContext,
  reasonPrefixOf,
  type BoundedContextDefinition,
  type ContextOverrides,
  type RequestContextParts,
  type StartContext,
} from './bounded-context';
export { uuidV7 } from './ids';
export { periodicTask, type PeriodicTask, type PeriodicTaskOptions } from './periodic-task';
export { systemClock, type Clock, type IdGenerator, type EventMetadata } from '@agora/kernel';

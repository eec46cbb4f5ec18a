/**
 * A bounded context on the one way, declared: its name, Prisma client, streams, transaction
 * scope, declared consumers, schema and per-request context. `defineBoundedContext` turns that
 * into the context's start function (config + test overrides → a running process) — the
 * composition every context's app.ts would otherwise repeat: the shared unit of work over the
 * context's scope (relay woken after commits with events), the command pipeline, the consumers
 * bound to the inbox, the database from the config.
 */
import { fileURLToPath } from 'node:url';
import type { StreamSpec } from '@agora/events';
import { systemClock, type Clock, type IdGenerator } from '@agora/kernel';
import type { EventHandler } from '@agora/messaging';
import type { SqlExecutor, TransactionalClient, TransactionalUnitOfWork, TransactionOutbox } from '@agora/prisma-kit';
import type { BaseContext, ContextConfig, Logger } from '@agora/service-kit';
import type { DocumentNode } from 'graphql';
import { createCommandPipeline, type CommandPipeline, type CommandRunner } from './commands/command';
import { eventHandlers, type ConsumerDefinition, type InboxRunner } from './commands/consumer';
import { uuidV7 } from './ids';
import {
  contextUnitOfWork,
  databaseFor,
  startContext,
  type ContextParts,
  type DriverAdapter,
  type PrismaClientDefaults,
  type PrismaLike,
  type RunningContext,
  type RuntimeOverrides,
} from './start-context';

/** What tests change when running a context in-process (production passes at most a logger). */
export interface ContextOverrides extends RuntimeOverrides {
  clock?: Clock;
  ids?: IdGenerator;
}

/** What the per-request context is built from, once per process. */
export interface RequestContextParts<P, Scope> {
  prisma: P;
  commands: CommandPipeline<Scope>;
  clock: Clock;
}

export interface BoundedContextDefinition<
  P extends PrismaLike & TransactionalClient<Tx>,
  Tx extends SqlExecutor,
  Scope,
  C extends BaseContext,
> {
  /** `social`, `user-search`: logger, NATS connection, durable prefix, PGlite directory, `<NAME>.INVALID_INPUT`. */
  name: string;
  /** `import.meta.url` of the context's `src/app.ts`; its migrations are `../prisma/migrations` from there. */
  appUrl: string;
  /** `(adapter, options) => new PrismaClient({ adapter, ...options })`. */
  createPrisma(adapter: DriverAdapter, options: PrismaClientDefaults): P;
  /** Streams the context publishes to and consumes from (ensured idempotently, so start order does not matter). */
  streams: StreamSpec[];
  /** What one transaction offers the context's commands and consumers: its repositories over `tx`, and its outbox. */
  scope(tx: Tx, outbox: TransactionOutbox): Scope;
  /** Wraps the unit of work, e.g. to retry a transaction that lost a race. */
  wrapUnitOfWork?(unitOfWork: TransactionalUnitOfWork<Tx, Scope>): CommandRunner<Scope> & InboxRunner<Scope>;
  /** The context's own consumers (defineConsumer), each run once per event through the inbox. */
  consumers?: readonly ConsumerDefinition<any, any, Scope>[];
  /** Consumers that are not declared by the context, e.g. the audience kernel's replica consumers. */
  moreHandlers?(prisma: NoInfer<P>): EventHandler<any, any>[];
  typeDefs: DocumentNode;
  resolvers: object;
  /** Built once per process (queries, adapters); returns the per-request context (fresh DataLoaders). */
  requestContext(parts: RequestContextParts<NoInfer<P>, NoInfer<Scope>>): (base: BaseContext) => C;
  /** HTTP routes beside /graphql (e.g. media's upload and file routes), more readiness checks, background tasks. */
  extras?(
    parts: RequestContextParts<NoInfer<P>, NoInfer<Scope>> & { logger: Logger },
  ): Pick<ContextParts<C>, 'routes' | 'readinessChecks' | 'background'>;
}

export type StartContext<P extends PrismaLike> = (config: ContextConfig, overrides?: ContextOverrides) => Promise<RunningContext<P>>;

/** `SOCIAL`, `USER_SEARCH`: the `<CONTEXT>` of a context's reasons. */
export const reasonPrefixOf = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export function defineBoundedContext<P extends PrismaLike & TransactionalClient<Tx>, Tx extends SqlExecutor, Scope, C extends BaseContext>(
  definition: BoundedContextDefinition<P, Tx, Scope, C>,
): StartContext<P> {
  const migrationsDir = fileURLToPath(new URL('../prisma/migrations', definition.appUrl));
  return (config, overrides = {}) => {
    const { clock = systemClock, ids = uuidV7, ...runtime } = overrides;
    return startContext<P, C>(
      {
        name: definition.name,
        migrationsDir,
        createPrisma: definition.createPrisma,
        streams: definition.streams,
        compose: (infrastructure) => {
          const shared = contextUnitOfWork<Tx, Scope>(infrastructure, definition.scope);
          const unitOfWork = definition.wrapUnitOfWork ? definition.wrapUnitOfWork(shared) : shared;
          const commands = createCommandPipeline({
            context: reasonPrefixOf(definition.name),
            unitOfWork,
            clock,
            ids,
            requireVerifiedEmail: config.requireVerifiedEmail === true,
          });
          const { prisma } = infrastructure;
          const parts = { prisma, commands, clock };
          return {
            ...definition.extras?.({ ...parts, logger: infrastructure.logger }),
            handlers: [...eventHandlers(unitOfWork, definition.consumers ?? [], { clock }), ...(definition.moreHandlers?.(prisma) ?? [])],
            typeDefs: definition.typeDefs,
            resolvers: definition.resolvers,
            createContext: definition.requestContext(parts),
          };
        },
      },
      { ...config, database: databaseFor(definition.name, config) },
      runtime,
    );
  };
}

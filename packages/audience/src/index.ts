/**
 * @agora/audience — the shared kernel of "who may see what" (ADR 8).
 *
 * - domain: the visibility rule (`canView`) and the replica's last-writer-wins rules, pure.
 * - infrastructure: the same rule in SQL (`visibleTo`, `postVisibleTo`), the replica writers, the
 *   consumers that keep a context's replica from social's and posts' events, and batched queries.
 *
 * Each context that needs the facts keeps its OWN replica in its own database: it opts into the
 * model blocks `prisma/social-facts.prisma` / `prisma/post-facts.prisma` in its schema.prisma
 * (synced by `agora-prisma generate`) and adds `audienceReplicaConsumers(prisma, …)` to its
 * handlers. No context reads another's tables.
 */
export * from './domain/index';
export * from './infrastructure/sql';
export * from './infrastructure/visibility.sql';
export * from './infrastructure/replica.sql';
export * from './infrastructure/audience.queries';
export * from './infrastructure/audience.consumers';

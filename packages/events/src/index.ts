/**
 * @agora/events — the published language between bounded contexts.
 *
 * Every domain event travels in one envelope (ARCHITECTURE.md §3). Payloads are described by
 * zod schemas here, validated on publish (createEvent) and on consume (parseEvent). The event
 * type string is also the NATS subject. Contracts are versioned: a breaking change to a payload
 * is a new `.vN` type, never an edit of an existing one.
 */
export * from './envelope';
export * from './streams';
export * from './contracts/identity';
export * from './contracts/profiles';
export * from './contracts/posts';
export * from './contracts/social';
export * from './contracts/comments';
export * from './contracts/reactions';
export * from './contracts/media';
export * from './contracts/notifications';
export * from './contracts/feed';
export * from './contracts/moderation';
export { allContracts, findContract } from './registry';

/**
 * `@agora/audience/domain` — the pure half of the shared kernel (ADR 8): the visibility rule and
 * the replica's last-writer-wins rules. What a context's `domain/` may import (no SQL, no Prisma,
 * no messaging); `@agora/audience` adds the infrastructure.
 */
export * from './visibility';
export * from './social-change';
export * from './social-replica';
export * from './post-access';

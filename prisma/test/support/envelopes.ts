import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@agora/events';

/** Test data builder for event envelopes. */
export function anEnvelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    type: 'notes.note.written.v1',
    occurredAt: new Date().toISOString(),
    aggregateId: randomUUID(),
    aggregateVersion: 1,
    payload: { title: 'hello', tags: ['a', 'b'], nested: { n: 1 } },
    correlationId: randomUUID(),
    causationId: null,
    actorId: randomUUID(),
    ...overrides,
  };
}

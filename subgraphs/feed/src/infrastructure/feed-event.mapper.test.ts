import { FeedItemAddedV1, newEventId, parseEvent } from '@agora/events';
import { describe, expect, it } from 'vitest';
import { toEnvelope } from './feed-event.mapper';

describe('timeline item → feed.item.added.v1', () => {
  it('is the contract’s envelope: aggregate = the owner, metadata of the publication, occurredAt = addedAt', () => {
    const item = {
      ownerId: newEventId(),
      postId: newEventId(),
      authorId: newEventId(),
      publishedAt: new Date('2026-03-01T12:00:00.000Z'),
      addedAt: new Date('2026-03-01T12:00:01.500Z'),
    };
    const metadata = { correlationId: newEventId(), causationId: newEventId(), actorId: item.authorId };

    const envelope = parseEvent(FeedItemAddedV1, JSON.parse(JSON.stringify(toEnvelope(item, metadata))));

    expect(envelope).toMatchObject({
      type: 'feed.item.added.v1',
      aggregateId: item.ownerId,
      occurredAt: '2026-03-01T12:00:01.500Z',
      ...metadata,
    });
    expect(envelope.payload).toEqual({
      ownerId: item.ownerId,
      postId: item.postId,
      authorId: item.authorId,
      publishedAt: '2026-03-01T12:00:00.000Z',
      addedAt: '2026-03-01T12:00:01.500Z',
    });
  });
});

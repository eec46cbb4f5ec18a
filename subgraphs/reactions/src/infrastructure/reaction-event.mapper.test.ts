import { parseEvent, ReactionRemovedV1, ReactionSetV1 } from '@agora/events';
import { describe, expect, it } from 'vitest';
import type { ReactionSubject } from '../domain/reaction/subject';
import { toEnvelope } from './reaction-event.mapper';

const comment: ReactionSubject = {
  id: '01900000-0000-7000-8000-0000000000c1',
  type: 'COMMENT',
  postId: '01900000-0000-7000-8000-0000000000a1',
  authorId: '01900000-0000-7000-8000-000000000002',
};
const USER = '01900000-0000-7000-8000-000000000001';
const at = new Date('2026-03-01T12:00:00.000Z');
const metadata = { correlationId: 'req-1', causationId: null, actorId: USER };

describe('toEnvelope', () => {
  it('maps a set reaction onto reactions.reaction.set.v1 with the subject as aggregate', () => {
    const envelope = toEnvelope(
      { type: 'ReactionSet', subject: comment, userId: USER, kind: 'LOVE', previousKind: 'LIKE', version: 2, occurredAt: at },
      metadata,
    );
    expect(parseEvent(ReactionSetV1, envelope)).toMatchObject({
      type: 'reactions.reaction.set.v1',
      aggregateId: comment.id,
      aggregateVersion: 2,
      occurredAt: at.toISOString(),
      correlationId: 'req-1',
      actorId: USER,
      payload: {
        subjectId: comment.id,
        subjectType: 'COMMENT',
        subjectAuthorId: comment.authorId,
        postId: comment.postId,
        userId: USER,
        kind: 'LOVE',
        previousKind: 'LIKE',
        version: 2,
        at: at.toISOString(),
      },
    });
  });

  it('maps a withdrawal onto reactions.reaction.removed.v1', () => {
    const envelope = toEnvelope(
      { type: 'ReactionRemoved', subject: comment, userId: USER, previousKind: 'SAD', version: 3, occurredAt: at },
      metadata,
    );
    expect(parseEvent(ReactionRemovedV1, envelope).payload).toEqual({
      subjectId: comment.id,
      subjectType: 'COMMENT',
      subjectAuthorId: comment.authorId,
      postId: comment.postId,
      userId: USER,
      previousKind: 'SAD',
      version: 3,
      at: at.toISOString(),
    });
  });
});

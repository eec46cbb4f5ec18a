import { describe, expect, it } from 'vitest';
import { extractMentions, mentionTarget, mentionsIn } from './mentions';

describe('extractMentions', () => {
  it('finds @usernames at the start or after a non-word character, lower case, each once', () => {
    expect(extractMentions('@Ann_1 hi @bob, (@cat) and @ANN_1 again!@dan')).toEqual(['ann_1', 'bob', 'cat', 'dan']);
  });

  it('ignores emails, too-short names and a bare @', () => {
    expect(extractMentions('mail ann@example.com or @ab or @ or @@bob')).toEqual(['bob']);
  });

  it('takes at most 30 characters of a name', () => {
    expect(extractMentions(`@${'a'.repeat(35)}`)).toEqual(['a'.repeat(30)]);
  });

  it('handles line breaks and unicode neighbours', () => {
    expect(extractMentions('first line\n@bob\té@cat')).toEqual(['bob', 'cat']);
  });
});

describe('mentionTarget', () => {
  const mention = mentionsIn('@bob', {
    sourceEventId: '01900000-0000-7000-8000-0000000000e1',
    actorId: '01900000-0000-7000-8000-000000000a01',
    postId: '01900000-0000-7000-8000-0000000000f1',
    commentId: null,
    audience: null,
    at: new Date('2026-03-01T12:00:00Z'),
  })[0]!;

  it('names an account registered before (or when) the mention was written', () => {
    expect(mentionTarget(mention, { id: 'b', registeredAt: new Date('2026-03-01T12:00:00Z') })).toEqual({
      kind: 'recipient',
      recipientId: 'b',
    });
  });

  it('names nobody when the account registered later, or when the author mentions themself', () => {
    expect(mentionTarget(mention, { id: 'b', registeredAt: new Date('2026-03-01T12:00:01Z') })).toEqual({ kind: 'nobody' });
    expect(mentionTarget(mention, { id: mention.actorId, registeredAt: new Date(0) })).toEqual({ kind: 'nobody' });
  });
});

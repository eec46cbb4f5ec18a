import { describe, expect, it } from 'vitest';
import { nextCommentFacts, type CommentChange, type CommentFact } from './comment-fact';

const POST = '01900000-0000-7000-8000-0000000000a1';
const ALICE = '01900000-0000-7000-8000-000000000001';
const BOB = '01900000-0000-7000-8000-000000000002';
const TOP = '01900000-0000-7000-8000-0000000000c1';
const REPLY = '01900000-0000-7000-8000-0000000000c2';

const addedTop: CommentChange = { kind: 'added', commentId: TOP, postId: POST, authorId: ALICE };
const addedReply: CommentChange = { kind: 'added', commentId: REPLY, postId: POST, authorId: BOB };
const deletedTop: CommentChange = { kind: 'deleted', commentId: TOP, postId: POST, authorId: ALICE, commentIds: [TOP, REPLY] };

function after(changes: CommentChange[]): Map<string, CommentFact> {
  return changes.reduce<Map<string, CommentFact>>((facts, change) => nextCommentFacts(facts, change), new Map());
}
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('nextCommentFacts (deletion terminal, any arrival order)', () => {
  it('knows an added comment, its post and its author', () => {
    expect(after([addedTop]).get(TOP)).toEqual({ commentId: TOP, postId: POST, authorId: ALICE, deleted: false });
  });

  it('deletes the comment and every removed reply, whatever order the events arrive in', () => {
    for (const order of permutations([addedTop, addedReply, deletedTop])) {
      const facts = after(order);
      expect(facts.get(TOP)).toEqual({ commentId: TOP, postId: POST, authorId: ALICE, deleted: true });
      expect(facts.get(REPLY)).toEqual({ commentId: REPLY, postId: POST, authorId: BOB, deleted: true });
    }
  });

  it('leaves a tombstone for a reply whose addition has not arrived, with its author unknown', () => {
    expect(after([deletedTop]).get(REPLY)).toEqual({ commentId: REPLY, postId: POST, authorId: null, deleted: true });
  });

  it('gives the same facts when a change is applied twice', () => {
    expect(after([addedTop, deletedTop, deletedTop, addedTop])).toEqual(after([addedTop, deletedTop]));
  });
});

import { describe, expect, it } from 'vitest';
import { allContracts, findContract } from './registry';
import { defineEvent, EVENT_TYPE_PATTERN } from './envelope';
import { DEAD_LETTER_STREAM, STREAMS } from './streams';
import { z } from 'zod';

// Past participles that do not end in -ed, and states an aggregate entered (`media.item.ready.v1`,
// named so by the public contract); extend when a contract needs one.
const IRREGULAR_PAST = new Set([
  'sent',
  'made',
  'hidden',
  'taken',
  'written',
  'shown',
  'begun',
  'done',
  'seen',
  'read',
  'set',
  'reset',
  'ready',
]);

describe('contract registry', () => {
  it('lists every contract exactly once', () => {
    expect(allContracts.map((contract) => contract.type)).toEqual([
      'comments.comment.added.v1',
      'comments.comment.deleted.v1',
      'feed.item.added.v1',
      'identity.account.email-verified.v1',
      'identity.account.registered.v1',
      'identity.account.role-changed.v1',
      'media.item.deleted.v1',
      'media.item.failed.v1',
      'media.item.ready.v1',
      'media.profile-image.changed.v1',
      'moderation.account.suspended.v1',
      'moderation.account.unsuspended.v1',
      'moderation.content.removed.v1',
      'moderation.content.restored.v1',
      'moderation.report.resolved.v1',
      'notifications.notification.created.v1',
      'posts.post.comments-toggled.v1',
      'posts.post.deleted.v1',
      'posts.post.edited.v1',
      'posts.post.published.v1',
      'posts.post.visibility-changed.v1',
      'profiles.profile.created.v1',
      'profiles.profile.updated.v1',
      'reactions.reaction.removed.v1',
      'reactions.reaction.set.v1',
      'social.block.created.v1',
      'social.block.removed.v1',
      'social.circle.created.v1',
      'social.circle.deleted.v1',
      'social.circle.member-added.v1',
      'social.circle.member-removed.v1',
      'social.circle.renamed.v1',
      'social.follow.created.v1',
      'social.follow.removed.v1',
    ]);
  });

  it.each(allContracts.map((contract) => [contract.type, contract] as const))(
    '%s is named <context>.<aggregate>.<past-verb>.v<N> and lives in its context stream',
    (type, contract) => {
      expect(type).toMatch(EVENT_TYPE_PATTERN);
      const [context, , verb] = type.split('.');
      expect(verb!.endsWith('ed') || IRREGULAR_PAST.has(verb!)).toBe(true);

      const stream = Object.values(STREAMS).find((spec) => spec.name === contract.stream);
      expect(stream, `stream ${contract.stream} is declared in STREAMS`).toBeDefined();
      expect(stream!.subjects).toEqual([`${context}.>`]);
      const prefix = stream!.subjects[0]!.slice(0, -1);
      expect(type.startsWith(prefix)).toBe(true);
      expect(contract.description.length).toBeGreaterThan(10);
    },
  );

  it('finds a contract by type', () => {
    expect(findContract('posts.post.edited.v1')?.stream).toBe('POSTS');
    expect(findContract('posts.post.exploded.v1')).toBeUndefined();
  });

  it('keeps the dead-letter stream apart from every context stream', () => {
    expect(DEAD_LETTER_STREAM).toEqual({ name: 'DLQ', subjects: ['dlq.>'] });
    for (const stream of Object.values(STREAMS)) expect(stream.subjects.some((s) => s.startsWith('dlq.'))).toBe(false);
  });

  it('refuses to define a contract with a malformed type', () => {
    const schema = z.object({});
    expect(() => defineEvent({ type: 'posts.PostPublished', stream: 'POSTS', description: 'x', schema })).toThrow(/past-verb/);
    expect(() => defineEvent({ type: 'posts.post.published', stream: 'POSTS', description: 'x', schema })).toThrow();
    expect(() => defineEvent({ type: 'posts.post.published.v1', stream: 'POSTS', description: 'x', schema })).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import type { Subject } from '../subject/subject';
import { fileReport, resolveReport, statusAfter } from './report';

const at = new Date('2026-03-01T12:00:00.000Z');
const subject: Subject = { type: 'COMMENT', id: 'c1', postId: 'p1', authorId: 'alice' };
const file = (overrides: Partial<Parameters<typeof fileReport>[0]> = {}) =>
  fileReport({ id: 'r1', reporterId: 'bob', subject, reason: 'SPAM', note: null, at, ...overrides });

describe('fileReport', () => {
  it('files an OPEN report of the subject, remembering its post and author', () => {
    expect(file()).toMatchObject({
      id: 'r1',
      reporterId: 'bob',
      subjectType: 'COMMENT',
      subjectId: 'c1',
      postId: 'p1',
      subjectAuthorId: 'alice',
      status: 'OPEN',
      createdAt: at,
      resolvedAt: null,
    });
  });

  it('answers NOT_FOUND for an unknown or invisible subject and OWN_CONTENT for your own', () => {
    expect(() => file({ subject: null })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', reason: 'MODERATION.NOT_FOUND', field: 'subjectId' }),
    );
    expect(() => file({ reporterId: 'alice' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN', reason: 'MODERATION.OWN_CONTENT' }));
  });
});

describe('resolveReport', () => {
  const later = new Date(at.getTime() + 1000);
  it('DISMISS → DISMISSED, the other actions → RESOLVED, with who, when and why', () => {
    expect(statusAfter('DISMISS')).toBe('DISMISSED');
    expect(statusAfter('REMOVE_CONTENT')).toBe('RESOLVED');
    expect(statusAfter('SUSPEND_AUTHOR')).toBe('RESOLVED');
    expect(resolveReport(file(), { action: 'REMOVE_CONTENT', moderatorId: 'mod', note: 'n', at: later })).toMatchObject({
      status: 'RESOLVED',
      resolvedAt: later,
      resolvedBy: 'mod',
      action: 'REMOVE_CONTENT',
      resolutionNote: 'n',
    });
  });

  it('refuses a report that is not OPEN (MODERATION.ALREADY_RESOLVED)', () => {
    const dismissed = resolveReport(file(), { action: 'DISMISS', moderatorId: 'mod', note: null, at: later });
    expect(() => resolveReport(dismissed, { action: 'DISMISS', moderatorId: 'mod', note: null, at: later })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', reason: 'MODERATION.ALREADY_RESOLVED' }),
    );
  });
});

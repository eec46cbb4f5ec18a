import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, formatSubgraphError, isExpectedError, parseInput, toGraphQLError } from './errors';

function parseFailure(schema: z.ZodType, input: unknown, context = 'identity'): DomainError {
  try {
    parseInput(schema, input, context);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected parseInput to throw');
}

describe('parseInput', () => {
  it('takes the reason of a custom issue that names one (the user-text rule), INVALID_INPUT otherwise', () => {
    const schema = z.object({
      name: z.string().superRefine((value, ctx) => {
        if (value.includes('\u202E'))
          ctx.addIssue({ code: 'custom', message: 'No bidi', params: { reason: 'BIDI_CONTROL' }, input: value });
      }),
    });
    expect(parseFailure(schema, { name: 'a\u202Eb' }, 'social')).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'SOCIAL.BIDI_CONTROL',
      field: 'name',
    });
    expect(parseFailure(schema, { name: 1 }, 'social')).toMatchObject({ reason: 'SOCIAL.INVALID_INPUT', field: 'name' });
  });

  const registerInput = z.object({ email: z.email(), password: z.string().min(8) });

  it('returns the parsed value when valid', () => {
    expect(parseInput(registerInput, { email: 'a@b.co', password: 'long enough' }, 'identity')).toEqual({
      email: 'a@b.co',
      password: 'long enough',
    });
  });

  it('names the field inside the input object', () => {
    const error = parseFailure(registerInput, { email: 'nope', password: 'long enough' });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('email');
    expect(error.reason).toBe('IDENTITY.INVALID_INPUT');
  });

  it('drops a leading `input` segment when given the whole args', () => {
    const error = parseFailure(z.object({ input: registerInput }), { input: { email: 'a@b.co', password: 'short' } });
    expect(error.field).toBe('password');
  });

  it('dot-joins nested paths', () => {
    const error = parseFailure(
      z.object({ links: z.array(z.object({ url: z.url() })) }),
      { links: [{ url: 'https://a.b' }, { url: 'x' }] },
      'profiles',
    );
    expect(error.field).toBe('links.1.url');
    expect(error.reason).toBe('PROFILES.INVALID_INPUT');
  });

  it('has no field when the input itself is wrong', () => {
    expect(parseFailure(registerInput, 'a string').field).toBeUndefined();
  });
});

describe('toGraphQLError', () => {
  it('keeps code, reason and field of a DomainError', () => {
    const error = toGraphQLError(new DomainError('CONFLICT', 'IDENTITY.EMAIL_TAKEN', 'Email taken', 'email'));
    expect(error.message).toBe('Email taken');
    expect(error.extensions).toEqual({ code: 'CONFLICT', reason: 'IDENTITY.EMAIL_TAKEN', field: 'email' });
  });

  it('keeps the seconds to wait of a rate-limited DomainError', () => {
    const limited = new DomainError('RATE_LIMITED', 'IDENTITY.TOO_MANY_ATTEMPTS', 'Too many attempts', undefined, { retryAfter: 30 });
    expect(toGraphQLError(limited).extensions).toEqual({ code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS', retryAfter: 30 });
  });

  it('masks anything else', () => {
    const error = toGraphQLError(new Error('connection refused to 10.0.0.5'));
    expect(error.message).toBe('Internal server error');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('formatSubgraphError', () => {
  it('unwraps a DomainError thrown by a resolver', () => {
    const located = new GraphQLError('x', {
      path: ['post'],
      originalError: new DomainError('NOT_FOUND', 'POSTS.NOT_FOUND', 'No such post'),
    });
    expect(formatSubgraphError(located.toJSON(), located)).toEqual({
      message: 'No such post',
      path: ['post'],
      extensions: { code: 'NOT_FOUND', reason: 'POSTS.NOT_FOUND' },
    });
  });

  it('keeps a deliberate GraphQLError with an API code', () => {
    const located = new GraphQLError('Forbidden', {
      path: ['a'],
      originalError: new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } }),
    });
    Object.assign(located.extensions, { code: 'FORBIDDEN' });
    expect(isExpectedError(located)).toBe(true);
    expect(formatSubgraphError(located.toJSON(), located).extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('masks a GraphQLError that wraps a plain Error, and never leaks a stacktrace', () => {
    const located = new GraphQLError('secret detail', { path: ['a'], originalError: new Error('secret detail') });
    const formatted = formatSubgraphError(
      { ...located.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      located,
    );
    expect(formatted).toEqual({ message: 'Internal server error', path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

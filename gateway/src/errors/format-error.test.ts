import { createLogger } from '@agora/service-kit';
import { describe, expect, it } from 'vitest';
import { createFormatError } from './format-error';

describe('format-error', () => {
  const format = createFormatError(createLogger('gateway-test', 'silent'));

  it("keeps a subgraph's RATE_LIMITED error with its retryAfter, and drops what is internal", () => {
    const fromSubgraph = {
      message: 'Too many attempts',
      path: ['login'],
      extensions: { code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS', retryAfter: 30, serviceName: 'identity' },
    };
    expect(format(fromSubgraph, new Error('unused'))).toEqual({
      message: 'Too many attempts',
      path: ['login'],
      extensions: { code: 'RATE_LIMITED', reason: 'IDENTITY.TOO_MANY_ATTEMPTS', retryAfter: 30 },
    });
  });

  it('strips "Did you mean …?" in production (enum values during variable coercion too), keeps it otherwise', () => {
    const coercion = {
      message:
        'Variable "$kind" got invalid value "LOVE"; Value "LOVE" does not exist in "ReactionKind" enum. Did you mean the enum value "LIKE"?',
      extensions: { code: 'BAD_USER_INPUT' },
    };
    const production = createFormatError(createLogger('gateway-test', 'silent'), { production: true });
    expect(production(coercion, new Error('unused'))).toEqual({
      message: 'Variable "$kind" got invalid value "LOVE"; Value "LOVE" does not exist in "ReactionKind" enum.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const field = {
      message: 'Cannot query field "txt" on type "Note". Did you mean "text" or "next"?',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
    expect(production(field, new Error('unused')).message).toBe('Cannot query field "txt" on type "Note".');
    const development = createFormatError(createLogger('gateway-test', 'silent'), { production: false });
    expect(development(field, new Error('unused')).message).toContain('Did you mean "text"');
  });
});

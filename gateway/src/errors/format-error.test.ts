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
});

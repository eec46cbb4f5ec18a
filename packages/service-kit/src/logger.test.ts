import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('binds the service name and honours the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger('posts', 'warn', stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'posts', msg: 'shown' });
  });

  it('redacts authorization headers, the identity header, passwords and tokens', () => {
    const { lines, stream } = capture();
    createLogger('identity', 'info', stream).info(
      {
        req: { headers: { authorization: 'Bearer abc', 'x-agora-identity': 'jwt', accept: 'json' } },
        password: 'p1',
        input: { password: 'p2', email: 'a@b.co' },
        variables: { input: { password: 'p3', refreshToken: 'r1' } },
        accessToken: 't1',
      },
      'login',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['Bearer abc', '"jwt"', 'p1', 'p2', 'p3', 'r1', 't1']) expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({ req: { headers: { accept: 'json' } }, input: { email: 'a@b.co' } });
  });
});

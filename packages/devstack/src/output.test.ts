import { describe, expect, it } from 'vitest';
import { prefixedWriter } from './output';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('prefixedWriter', () => {
  it('prefixes each line with the service name padded to the longest name', () => {
    const { stream, written } = fakeStream(false);
    const write = prefixedWriter(['nats', 'identity', 'gateway'], stream);
    write('nats', 'Server is ready');
    write('identity', '{"level":30}');
    expect(written).toEqual(['nats     | Server is ready\n', 'identity | {"level":30}\n']);
  });

  it('colours the name on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const previous = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      prefixedWriter(['posts'], stream)('posts', 'hello');
    } finally {
      if (previous !== undefined) process.env.NO_COLOR = previous;
    }
    // eslint-disable-next-line no-control-regex -- the ANSI colour codes are what this test checks
    expect(written[0]).toMatch(/^\u001b\[\d+mposts\u001b\[0m \| hello\n$/);
  });
});

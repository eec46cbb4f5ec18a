import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value that is not undefined, false or null', async () => {
    const answers = [undefined, false, null, 0];
    let calls = 0;
    const value = await waitFor(() => answers[calls++], { intervalMs: 1 });
    expect(value).toBe(0);
    expect(calls).toBe(4);
  });

  it('treats a throwing probe as not ready yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls++;
        if (calls < 3) throw new Error('connection refused');
        return 'up';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('up');
  });

  it('times out with the message and the last error as cause', async () => {
    const started = Date.now();
    const failure = await waitFor(
      () => {
        throw new Error('still refused');
      },
      { timeoutMs: 120, intervalMs: 10, message: 'the server' },
    ).catch((error: Error) => error);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/timed out after 120 ms waiting for the server \(last error: still refused\)/);
    expect(((failure as Error).cause as Error).message).toBe('still refused');
  });
});

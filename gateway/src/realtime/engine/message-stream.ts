/**
 * The queue between a subscription and its transport: the engine pushes, the transport pulls
 * with `for await`. Values wait here until taken, so `buffered` is what the client has not read
 * yet (the slow-consumer limit counts it). `return()` (the transport stopped reading) calls
 * `onReturn` so the subscription is released at once. One reader per stream.
 */
export class MessageStream<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private reader: ((result: IteratorResult<T>) => void) | undefined;
  private finished = false;
  private takenListeners: (() => void)[] = [];
  private lastTakenValue: T | undefined;

  constructor(private readonly onReturn: () => void) {}

  get buffered(): number {
    return this.buffer.length;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** The last value the reader took (undefined until it took one). */
  get lastTaken(): T | undefined {
    return this.lastTakenValue;
  }

  push(value: T): void {
    if (this.finished) return;
    if (this.reader) {
      const reader = this.reader;
      this.reader = undefined;
      this.taken(value);
      reader({ value, done: false });
      return;
    }
    this.buffer.push(value);
  }

  /** No more values: the reader gets what is buffered, then the end. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.notifyTaken();
    if (this.reader && this.buffer.length === 0) {
      const reader = this.reader;
      this.reader = undefined;
      reader({ value: undefined, done: true });
    }
  }

  /** Drops what the reader has not taken yet. */
  clear(): void {
    this.buffer.length = 0;
    this.notifyTaken();
  }

  /** Resolves the next time the reader takes a value (or the stream finishes). */
  whenTaken(): Promise<void> {
    if (this.finished) return Promise.resolve();
    return new Promise((resolve) => this.takenListeners.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const value = this.buffer.shift();
        if (value !== undefined) {
          this.taken(value);
          return Promise.resolve({ value, done: false });
        }
        if (this.finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.reader = resolve;
        });
      },
      return: () => {
        this.buffer.length = 0;
        this.finish();
        this.onReturn();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private taken(value: T): void {
    this.lastTakenValue = value;
    this.notifyTaken();
  }

  private notifyTaken(): void {
    const listeners = this.takenListeners;
    this.takenListeners = [];
    for (const listener of listeners) listener();
  }
}

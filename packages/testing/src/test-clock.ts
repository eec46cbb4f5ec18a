/** A context's clock in tests: frozen until a test moves it, so ties on timestamps really happen. */
export class TestClock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms = 1_000): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }
}

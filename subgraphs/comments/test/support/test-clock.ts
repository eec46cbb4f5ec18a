import type { Clock } from '../../src/application/ports';

/** The app's clock in tests: frozen until a test moves it, so ties on `created_at` really happen. */
export class TestClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms = 1_000): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

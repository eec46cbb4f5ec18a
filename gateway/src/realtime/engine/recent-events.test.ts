import type { Delivery } from '@agora/realtime';
import { describe, expect, it } from 'vitest';
import { RecentEvents } from './recent-events';

const delivery: Delivery = { kind: 'recheck', field: 'postActivity', topic: 'post:p' };
const event = (seq: number, routed = true) => ({ seq, deliveries: routed ? [delivery] : [] });

describe('RecentEvents', () => {
  it('answers the routed events of a range inside its window, in order', () => {
    const recent = new RecentEvents(10);
    for (const seq of [11, 12, 14, 15]) recent.record(event(seq));
    recent.record(event(16, false));
    expect(recent.range(12, 15)?.map((e) => e.seq)).toEqual([12, 14, 15]);
    expect(recent.range(11, 20)?.map((e) => e.seq)).toEqual([11, 12, 14, 15]);
    // Positions covered though nothing routed there: an empty answer, not "unknown".
    expect(recent.range(16, 16)).toEqual([]);
  });

  it('says it does not know a range reaching before its window (before attach, or evicted)', () => {
    const recent = new RecentEvents(10, { capacity: 10 });
    expect(recent.range(10, 12)).toBeUndefined();
    for (let seq = 11; seq <= 21; seq++) recent.record(event(seq));
    // Capacity 10 exceeded: the oldest tenth (seq 11) is gone, so the window now starts after it.
    expect(recent.range(11, 21)).toBeUndefined();
    expect(recent.range(12, 13)?.map((e) => e.seq)).toEqual([12, 13]);
  });

  it('forgets everything on reset', () => {
    const recent = new RecentEvents(0);
    recent.record(event(1));
    recent.reset(5);
    expect(recent.range(1, 5)).toBeUndefined();
    expect(recent.range(6, 9)).toEqual([]);
  });

  it('does not answer for events older than the stream keeps', () => {
    let now = 0;
    const recent = new RecentEvents(0, { maxAgeMs: 1000, now: () => now });
    recent.record(event(1));
    now = 600;
    recent.record(event(2));
    now = 1200;
    expect(recent.range(1, 2)).toBeUndefined();
    expect(recent.range(2, 2)?.map((e) => e.seq)).toEqual([2]);
  });
});

import type { Viewer } from '@agora/service-kit';
import type { Command } from '../command';
import type { Clock } from '../ports';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';

let sequence = 0;
/** A fresh UUID-shaped id (v7 layout) for test data. */
export function anId(): string {
  sequence += 1;
  return `01900000-0000-7000-8000-${sequence.toString(16).padStart(12, '0')}`;
}
export function aViewer(): Viewer {
  const userId = anId();
  return { userId, username: `user_${userId.slice(-4)}` };
}

export class StepClock implements Clock {
  private minute = 0;
  now(): Date {
    this.minute += 1;
    return new Date(Date.UTC(2026, 2, 1, 12, this.minute));
  }
}

export function command(viewer: Viewer, input: unknown): Command {
  return { viewer, input, requestId: 'request-1' };
}

export function deps() {
  return { unitOfWork: new InMemoryUnitOfWork(), clock: new StepClock() };
}

/**
 * TEST-ONLY fault points: crash a process at the exact hazards of the outbox/inbox protocol, so
 * the chaos run (`npm run chaos`) and its CI form can prove that no acknowledged command is lost
 * or applied twice.
 *
 * `AGORA_FAULT=<point>[,<point>…]` enables points; honoured only when `NODE_ENV=test` (a process
 * started with AGORA_FAULT in any other mode refuses to start). `AGORA_FAULT_RATE` (0..1,
 * default 1) is the probability that one pass through an enabled point fires.
 * A fired point logs one line `fault point hit: <point>` on stderr and SIGKILLs its own process
 * (`consumer.slower-than-ack-wait` instead sleeps past AckWait, once per process, and does not kill).
 * `AGORA_ACK_WAIT_MS` (test mode only) sets the consumers' default AckWait, so a short run can
 * exercise a handler slower than AckWait.
 */
import { writeSync } from 'node:fs';

export const FAULT_POINTS = [
  /** After a transaction that wrote outbox rows committed, before the relay is woken (the command gets no answer). */
  'uow.after-commit-before-publish',
  /** After JetStream acknowledged a publish, before the outbox row is marked published. */
  'relay.after-publish-before-mark',
  /** After a consumer's handler committed its effect (and inbox row), before the ack. */
  'consumer.after-effect-before-ack',
  /** A handler slower than AckWait: the message is redelivered while the first run is still going. */
  'consumer.slower-than-ack-wait',
  /** Notifications only: after a comment's notification mail was SENT, before the ack (mail exactly once). */
  'notifications.after-effect-before-ack',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export const FAULT_HIT_PREFIX = 'fault point hit: ';

export interface FaultPoints {
  /** Whether the point is enabled at all (regardless of the rate). */
  enabled(point: FaultPoint): boolean;
  /** Whether one pass through an enabled point fires (rate applied); `slower-than-ack-wait` fires once per process. */
  fires(point: FaultPoint): boolean;
  /** If the point fires: logs `fault point hit: <point>` and SIGKILLs this process. */
  crashIfHit(point: FaultPoint): void;
  /** Logs the hit line and SIGKILLs this process (for callers that decided themselves). */
  crash(point: FaultPoint): never;
  /** Logs the hit line only (for points that do not kill). */
  report(point: FaultPoint): void;
  /** AckWait override (ms) in test mode, if set. */
  ackWaitMs: number | undefined;
}

export interface FaultEnv {
  NODE_ENV?: string | undefined;
  AGORA_FAULT?: string | undefined;
  AGORA_FAULT_RATE?: string | undefined;
  AGORA_ACK_WAIT_MS?: string | undefined;
}

/** Parses the fault settings; throws (a start-up error) on an unknown point, a bad rate, or AGORA_FAULT outside NODE_ENV=test. */
export function parseFaultPoints(env: FaultEnv, random: () => number = Math.random): FaultPoints {
  const raw = (env.AGORA_FAULT ?? '').trim();
  const points = new Set<FaultPoint>();
  if (raw !== '') {
    if (env.NODE_ENV !== 'test') {
      throw new Error(`AGORA_FAULT is set (${raw}) but NODE_ENV is ${env.NODE_ENV ?? 'unset'}: fault points run only with NODE_ENV=test`);
    }
    for (const name of raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      if (!(FAULT_POINTS as readonly string[]).includes(name)) {
        throw new Error(`AGORA_FAULT: unknown fault point "${name}" (known: ${FAULT_POINTS.join(', ')})`);
      }
      points.add(name as FaultPoint);
    }
  }
  const rate = env.AGORA_FAULT_RATE === undefined || env.AGORA_FAULT_RATE === '' ? 1 : Number(env.AGORA_FAULT_RATE);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new Error(`AGORA_FAULT_RATE: expected a number in 0..1, got "${env.AGORA_FAULT_RATE}"`);
  let ackWaitMs: number | undefined;
  if (env.AGORA_ACK_WAIT_MS !== undefined && env.AGORA_ACK_WAIT_MS !== '') {
    if (env.NODE_ENV !== 'test') throw new Error('AGORA_ACK_WAIT_MS is honoured only with NODE_ENV=test');
    ackWaitMs = Number(env.AGORA_ACK_WAIT_MS);
    if (!Number.isInteger(ackWaitMs) || ackWaitMs < 500)
      throw new Error(`AGORA_ACK_WAIT_MS: expected an integer ≥ 500, got "${env.AGORA_ACK_WAIT_MS}"`);
  }
  let slowUsed = false;
  const report = (point: FaultPoint) => {
    // Synchronous, so the line is out before the kill.
    writeSync(2, `${FAULT_HIT_PREFIX}${point}\n`);
  };
  const faults: FaultPoints = {
    ackWaitMs,
    enabled: (point) => points.has(point),
    fires(point) {
      if (!points.has(point)) return false;
      if (point === 'consumer.slower-than-ack-wait') {
        if (slowUsed) return false;
        if (random() >= rate) return false;
        slowUsed = true;
        return true;
      }
      return random() < rate;
    },
    crash(point) {
      report(point);
      process.kill(process.pid, 'SIGKILL');
      // SIGKILL is not catchable; this only satisfies the type checker.
      throw new Error(`fault point ${point}: SIGKILL did not stop the process`);
    },
    crashIfHit(point) {
      if (faults.fires(point)) faults.crash(point);
    },
    report,
  };
  return faults;
}

let active: FaultPoints | undefined;

/** The process's fault points from its environment (parsed once). Throws at start-up on a bad setting. */
export function processFaultPoints(): FaultPoints {
  active ??= parseFaultPoints(process.env);
  return active;
}

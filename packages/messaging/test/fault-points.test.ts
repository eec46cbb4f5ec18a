import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FAULT_HIT_PREFIX, parseFaultPoints } from '../src/fault-points';

describe('fault points', () => {
  it('are off without AGORA_FAULT, in any mode', () => {
    const faults = parseFaultPoints({ NODE_ENV: 'production' });
    expect(faults.enabled('uow.after-commit-before-publish')).toBe(false);
    expect(faults.fires('relay.after-publish-before-mark')).toBe(false);
  });

  it('refuse to start outside NODE_ENV=test, and refuse unknown points and bad rates', () => {
    expect(() => parseFaultPoints({ NODE_ENV: 'production', AGORA_FAULT: 'uow.after-commit-before-publish' })).toThrow(/NODE_ENV=test/);
    expect(() => parseFaultPoints({ AGORA_FAULT: 'uow.after-commit-before-publish' })).toThrow(/NODE_ENV/);
    expect(() => parseFaultPoints({ NODE_ENV: 'test', AGORA_FAULT: 'nope' })).toThrow(/unknown fault point "nope"/);
    expect(() => parseFaultPoints({ NODE_ENV: 'test', AGORA_FAULT: 'uow.after-commit-before-publish', AGORA_FAULT_RATE: '2' })).toThrow(
      /0..1/,
    );
    expect(() => parseFaultPoints({ NODE_ENV: 'development', AGORA_ACK_WAIT_MS: '1000' })).toThrow(/NODE_ENV=test/);
  });

  it('apply the rate per pass; slower-than-ack-wait fires once per process', () => {
    const rolls = [0.9, 0.1, 0.0, 0.0];
    const faults = parseFaultPoints(
      { NODE_ENV: 'test', AGORA_FAULT: 'relay.after-publish-before-mark, consumer.slower-than-ack-wait', AGORA_FAULT_RATE: '0.5' },
      () => rolls.shift() ?? 0,
    );
    expect(faults.fires('relay.after-publish-before-mark')).toBe(false);
    expect(faults.fires('relay.after-publish-before-mark')).toBe(true);
    expect(faults.fires('consumer.after-effect-before-ack')).toBe(false);
    expect(faults.fires('consumer.slower-than-ack-wait')).toBe(true);
    expect(faults.fires('consumer.slower-than-ack-wait')).toBe(false);
  });

  it('a hit logs one line and SIGKILLs the process', () => {
    const script = `import { processFaultPoints } from './packages/messaging/src/fault-points.ts';
      processFaultPoints().crashIfHit('uow.after-commit-before-publish'); console.log('survived');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, NODE_ENV: 'test', AGORA_FAULT: 'uow.after-commit-before-publish' },
      cwd: new URL('../../..', import.meta.url).pathname,
      encoding: 'utf8',
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stderr).toContain(`${FAULT_HIT_PREFIX}uow.after-commit-before-publish\n`);
    expect(run.stdout).not.toContain('survived');
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIpResolver } from './client-ip';

const request = (remoteAddress: string | undefined, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('client IP', () => {
  it('is the socket address by default, whatever X-Forwarded-For says; IPv4-mapped addresses are IPv4', () => {
    const ip = clientIpResolver(false);
    expect(ip(request('::ffff:198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
    expect(ip(request('2001:DB8::1'))).toBe('2001:db8::1');
    expect(ip(request(undefined))).toBeNull();
  });

  it('trusts as many hops as told', () => {
    const ip = clientIpResolver(1);
    expect(ip(request('10.0.0.2', '203.0.113.1, 198.51.100.9'))).toBe('198.51.100.9');
    expect(clientIpResolver(2)(request('10.0.0.2', '203.0.113.1, 198.51.100.9'))).toBe('203.0.113.1');
    expect(clientIpResolver(5)(request('10.0.0.2', '203.0.113.1'))).toBe('203.0.113.1');
  });

  it('with `true` takes the left-most valid address', () => {
    const ip = clientIpResolver(true);
    expect(ip(request('10.0.0.2', '203.0.113.1, 198.51.100.9'))).toBe('203.0.113.1');
    expect(ip(request('10.0.0.2', 'forged, 198.51.100.9'))).toBe('198.51.100.9');
  });

  it('trusts only the listed subnets', () => {
    const ip = clientIpResolver('10.0.0.0/8');
    expect(ip(request('10.0.0.2', '203.0.113.1, 10.1.1.1'))).toBe('203.0.113.1');
    expect(ip(request('192.0.2.50', '203.0.113.1'))).toBe('192.0.2.50');
  });
});

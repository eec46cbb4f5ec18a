import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import express from 'express';

/**
 * `GATEWAY_TRUST_PROXY`, with express's `trust proxy` semantics: `false` (default: the socket's
 * address is the client), `true` (the left-most `X-Forwarded-For` entry), a number of proxy hops
 * to trust, or a comma-separated list of addresses/subnets/`loopback`/`linklocal`/`uniquelocal`.
 */
export type TrustProxy = boolean | number | string;

type TrustFn = (address: string, hop: number) => boolean;

/** Express's own compiled trust function (proxy-addr); throws on a value express would refuse. */
export function compileTrustProxy(value: TrustProxy): TrustFn {
  const app = express();
  app.set('trust proxy', value);
  return app.get('trust proxy fn') as TrustFn;
}

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is `203.0.113.7`. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

/**
 * The client's IP of a request (HTTP, or a WebSocket upgrade), as express's `req.ip` would say
 * with `trust proxy` set to `trust`: walk from the socket's address through `X-Forwarded-For`
 * right to left while the address is trusted. A forwarded entry that is not an IP address is
 * never the answer (the nearest valid address before it is). null only without a socket address.
 */
export function clientIpResolver(trust: TrustProxy): (request: IncomingMessage) => string | null {
  const trusted = compileTrustProxy(trust);
  return (request) => {
    const socketAddress = request.socket.remoteAddress;
    if (!socketAddress) return null;
    const header = request.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .reverse();
    const addresses = [socketAddress, ...forwarded];
    let hop = 0;
    while (hop < addresses.length - 1 && trusted(addresses[hop]!, hop)) hop++;
    while (hop > 0 && isIP(addresses[hop]!) === 0) hop--;
    return normalise(addresses[hop]!);
  };
}

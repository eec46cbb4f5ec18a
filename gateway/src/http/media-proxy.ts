/**
 * `/media/*` on the gateway's origin, streamed to the media subgraph's own routes (uploads by
 * signed PUT, files by signed GET, profile-image redirects), so a browser needs one origin.
 * Bodies are piped both ways, never buffered: a 100 MiB video goes through in constant memory.
 * Only the headers those routes read are forwarded — never the caller's Authorization or
 * cookies (media authenticates by the URL's signature) — and hop-by-hop headers are dropped.
 */
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { Logger } from '@agora/service-kit';
import type { Request, RequestHandler, Response } from 'express';

/** Request headers the media routes use. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'range', 'if-none-match', 'if-range', 'accept'];
/** Response headers dropped on the way back (hop-by-hop, RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

export interface MediaProxyOptions {
  /** The media subgraph's origin (`http://127.0.0.1:4009`), or undefined until the supergraph is loaded or when there is no media subgraph. */
  target(): string | undefined;
  logger: Logger;
}

function sendProxyError(res: Response, status: number, reason: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ error: { code: status === 503 ? 'UNAVAILABLE' : 'BAD_GATEWAY', reason, message } }));
}

function forwardedHeaders(req: Request): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const requestId = req.res?.locals.requestId;
  if (requestId !== undefined) headers['x-request-id'] = String(requestId);
  return headers;
}

function responseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

export function mediaProxy(options: MediaProxyOptions): RequestHandler & { close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const handler: RequestHandler = (req, res) => {
    const origin = options.target();
    if (!origin) {
      res.setHeader('retry-after', '1');
      return sendProxyError(res, 503, 'GATEWAY.MEDIA_UNAVAILABLE', 'Media is not reachable through the gateway yet');
    }
    const upstreamUrl = new URL(req.originalUrl, origin);
    const upstream = request(upstreamUrl, { method: req.method, headers: forwardedHeaders(req), agent });
    let answered = false;
    let clientGone = false;

    upstream.on('response', (upstreamRes) => {
      answered = true;
      res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders(upstreamRes.headers));
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    upstream.on('error', (error) => {
      if (clientGone) return; // the client went away; nothing to answer
      if (!answered) options.logger.warn({ err: error, url: upstreamUrl.pathname }, 'media proxy: upstream failed');
      sendProxyError(res, 502, 'GATEWAY.MEDIA_UPSTREAM_FAILED', 'Media did not answer');
    });
    // A client that aborts mid-upload aborts the upstream request too, so media releases the upload.
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstream.destroy();
    });
    req.pipe(upstream);
  };
  return Object.assign(handler, { close: () => agent.destroy() });
}

/**
 * A real s3rver (an S3-compatible server on the local disk) for storage tests: 127.0.0.1, a free
 * port, a fresh temp directory, one bucket, the credentials s3rver accepts (S3RVER/S3RVER).
 * It runs in a child process (this file, run by tsx), as a real S3 endpoint would: the test
 * process's memory is the driver's alone, which the bounded-memory tests measure.
 *
 * s3rver checks a presigned URL's access key and expiry but never its SigV4 signature, so a PUT
 * with another Content-Type or Content-Length than was signed would pass where S3 refuses it. To
 * test that presigned PUTs bind both, this server verifies presigned (query-string) SigV4
 * signatures the way S3 does before s3rver sees the request: 403 SignatureDoesNotMatch on a
 * mismatch. Header-signed SDK requests are left to s3rver (which accepts any signature).
 *
 * s3rver also lacks AbortMultipartUpload (`DELETE /<bucket>/<key>?uploadId=…` answers 405 and
 * the parts stay on disk), which S3, MinIO and R2 all implement; this server implements it as S3
 * does (drop the upload's parts, 204; 404 NoSuchUpload for an unknown id), so tests can prove a
 * failed multipart put leaves nothing. `abortedUploads()` counts them.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnManaged, tempDir, waitUntilReady } from '@agora/testing';

export interface S3TestServer {
  /** `http://127.0.0.1:<port>`; use path-style addressing, region us-east-1. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** s3rver's directory (objects and multipart parts live under `<directory>/<bucket>`). */
  directory: string;
  /** Presigned requests the signature check refused so far, and multipart uploads aborted. */
  counts(): Promise<{ refusedSignatures: number; abortedUploads: number }>;
  stop(): Promise<void>;
}

interface KoaContext {
  method: string;
  req: { url?: string; headers: Record<string, string | string[] | undefined> };
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface S3rverInstance {
  middleware: Middleware[];
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';
const REGION = 'us-east-1';

const CHILD_FLAG = '--agora-s3rver-child';
const STATS_PATH = '/__agora-s3rver/counts';
const thisFile = fileURLToPath(import.meta.url);
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'agora-media-test';
  const dir = await tempDir('agora-s3rver-');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawnManaged({
    command: process.execPath,
    args: ['--import', 'tsx', thisFile, CHILD_FLAG, JSON.stringify({ port, directory: dir.path, bucket })],
    cwd: repositoryRoot,
  });
  const counts = async () =>
    (await (await fetch(`${endpoint}${STATS_PATH}`)).json()) as { refusedSignatures: number; abortedUploads: number };
  try {
    await waitUntilReady(`s3rver on port ${port}`, child, async () => (await counts().catch(() => undefined)) !== undefined, {
      timeoutMs: 30_000,
    });
  } catch (error) {
    await child.stop();
    await dir.remove();
    throw error;
  }
  return {
    endpoint,
    bucket,
    region: REGION,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    directory: dir.path,
    counts,
    async stop() {
      await child.stop();
      await dir.remove();
    },
  };
}

/** The child: s3rver with the presigned-signature check and AbortMultipartUpload in front of it. */
async function runChild(settings: { port: number; directory: string; bucket: string }): Promise<void> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const server = new S3rver({
    address: '127.0.0.1',
    port: settings.port,
    silent: true,
    directory: settings.directory,
    configureBuckets: [{ name: settings.bucket }],
  });
  const counts = { refusedSignatures: 0, abortedUploads: 0 };
  const xmlError = (ctx: KoaContext, status: number, code: string, message: string) => {
    ctx.status = status;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  };
  // Koa composes `middleware` when it starts listening: these run before all of s3rver's.
  server.middleware.unshift(
    async (ctx, next) => {
      if (ctx.method !== 'GET' || ctx.req.url !== STATS_PATH) return next();
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(counts);
    },
    async (ctx, next) => {
      const problem = presignedSignatureProblem(ctx, SECRET_ACCESS_KEY);
      if (problem === undefined) return next();
      counts.refusedSignatures += 1;
      xmlError(ctx, 403, 'SignatureDoesNotMatch', problem);
    },
    async (ctx, next) => {
      const url = new URL(ctx.req.url ?? '/', 'http://s3rver');
      const uploadId = url.searchParams.get('uploadId');
      const bucketName = url.pathname.split('/')[1];
      if (ctx.method !== 'DELETE' || uploadId === null || !bucketName || !/^[0-9a-f]+$/.test(uploadId)) return next();
      const uploadDir = join(server.store.getResourcePath(bucketName, undefined, 'uploads'), uploadId);
      if (!existsSync(uploadDir)) return xmlError(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      await rm(uploadDir, { recursive: true, force: true });
      counts.abortedUploads += 1;
      ctx.status = 204;
      ctx.body = null;
    },
  );
  await server.run();
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** undefined when the request carries no presigned SigV4 signature or a correct one; otherwise why not. */
function presignedSignatureProblem(ctx: KoaContext, secretAccessKey: string): string | undefined {
  const url = ctx.req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1);
  const params = rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [decodeURIComponent(name), decodeURIComponent(value.replace(/\+/g, '%20'))] as const;
    });
  const query = new Map(params);
  const signature = query.get('X-Amz-Signature');
  if (signature === undefined) return undefined;
  const credential = query.get('X-Amz-Credential') ?? '';
  const amzDate = query.get('X-Amz-Date') ?? '';
  const signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
  const [, date = '', region = '', service = ''] = credential.split('/');
  const canonicalQuery = params
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const headerNames = signedHeaders.split(';');
  const canonicalHeaders = headerNames
    .map((name) => {
      const raw = ctx.req.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [
    ctx.method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  if (expected === signature) return undefined;
  return `signature over ${signedHeaders} does not match the request`;
}

if (process.argv[1] === thisFile && process.argv[2] === CHILD_FLAG) {
  await runChild(JSON.parse(process.argv[3] ?? '{}') as { port: number; directory: string; bucket: string });
}

import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { freePort } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError } from '../../src/application/files';
import type { MediaStorageConfig } from '../../src/config';
import { LocalDiskStorage, S3Storage, createFileStorage } from '../../src/infrastructure/storage';
import { startS3Server, type S3TestServer } from '../support/s3-server';
import { defineStorageSuite } from './file-storage.contract';

const storageOn = (server: S3TestServer, extra: { now?: () => Date } = {}) =>
  new S3Storage({
    bucket: server.bucket,
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    forcePathStyle: true,
    ...extra,
  });

async function objectKeys(storage: S3Storage, bucket: string): Promise<string[]> {
  const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

/** Every file s3rver keeps for the bucket: objects, their metadata and unfinished multipart uploads' parts. */
async function filesOnDisk(server: S3TestServer): Promise<string[]> {
  const root = join(server.directory, server.bucket);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

defineStorageSuite('S3 (s3rver)', async () => {
  const server = await startS3Server();
  const storage = storageOn(server);
  const unreachable = `http://127.0.0.1:${await freePort()}`;
  return {
    storage,
    leftovers: async () => [...(await objectKeys(storage, server.bucket)), ...(await filesOnDisk(server))],
    broken: () =>
      new S3Storage({
        bucket: server.bucket,
        endpoint: unreachable,
        region: server.region,
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        forcePathStyle: true,
        pingTimeoutMs: 2_000,
      }),
    close: async () => {
      storage.close();
      await server.stop();
    },
  };
});

describe('S3Storage', () => {
  let server: S3TestServer;
  let storage: S3Storage;
  beforeAll(async () => {
    server = await startS3Server();
    storage = storageOn(server);
  });
  afterAll(async () => {
    storage?.close();
    await server?.stop();
  });

  it('pings false for a bucket that does not exist', async () => {
    const other = new S3Storage({
      bucket: 'no-such-bucket',
      endpoint: server.endpoint,
      region: server.region,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      forcePathStyle: true,
    });
    expect(await other.ping()).toBe(false);
    other.close();
  });

  it('aborts the multipart upload of a refused put (its uploaded parts are dropped)', async () => {
    const before = await server.counts();
    const key = `${randomUUID()}/raw`;
    const parts = Readable.from(
      (function* () {
        for (let i = 0; i < 12; i++) yield Buffer.alloc(1024 * 1024, i);
      })(),
    );
    await expect(storage.put(key, parts, { contentType: 'video/mp4', maxBytes: 11 * 1024 * 1024 })).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect((await server.counts()).abortedUploads).toBe(before.abortedUploads + 1);
    expect(await objectKeys(storage, server.bucket)).toEqual([]);
  });

  it('deletes more than 1000 keys (DeleteObjects in batches)', async () => {
    const keys = Array.from({ length: 1003 }, () => `${randomUUID()}/thumbnail`);
    // Only three exist; the others are missing, which is not an error.
    for (const key of keys.slice(-3)) await storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'image/webp', maxBytes: 1 });
    await storage.delete(keys);
    expect(await objectKeys(storage, server.bucket)).toEqual([]);
  });

  describe('presignPut', () => {
    const body = Buffer.from('\x89PNG\r\n\x1a\n pretend png bytes');
    const upload = (key: string, now?: () => Date) =>
      (now ? storageOn(server, { now }) : storage).presignPut(key, {
        contentType: 'image/png',
        byteSize: body.length,
        expiresInSeconds: 900,
      });
    const send = (url: string, init: { contentType: string; data: Buffer }) =>
      fetch(url, { method: 'PUT', headers: { 'Content-Type': init.contentType }, body: init.data });

    it('signs Content-Type and Content-Length into the URL and tells the client to send them', async () => {
      const target = await upload(`${randomUUID()}/raw`);
      const url = new URL(target.url);
      expect(url.origin).toBe(server.endpoint);
      expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host']);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
      expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
      expect(target).toMatchObject({
        method: 'PUT',
        headers: [
          { name: 'Content-Type', value: 'image/png' },
          { name: 'Content-Length', value: String(body.length) },
        ],
      });
    });

    it('a real PUT to the presigned URL stores the object', async () => {
      const key = `${randomUUID()}/raw`;
      const target = await upload(key);
      const response = await send(target.url, { contentType: 'image/png', data: body });
      expect(response.status).toBe(200);
      expect(await storage.stat(key)).toEqual({ byteSize: body.length, contentType: 'image/png' });
      const stored = await storage.get(key);
      const chunks: Buffer[] = [];
      for await (const chunk of stored!.body) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks)).toEqual(body);
      await storage.delete([key]);
    });

    it('refuses a PUT with another content type or another length (signature mismatch)', async () => {
      const key = `${randomUUID()}/raw`;
      const target = await upload(key);
      const before = await server.counts();
      const otherType = await send(target.url, { contentType: 'text/html', data: body });
      const longer = await send(target.url, { contentType: 'image/png', data: Buffer.concat([body, Buffer.from('<script>')]) });
      const shorter = await send(target.url, { contentType: 'image/png', data: body.subarray(1) });
      for (const response of [otherType, longer, shorter]) {
        expect(response.status).toBe(403);
        expect(await response.text()).toContain('SignatureDoesNotMatch');
      }
      expect((await server.counts()).refusedSignatures - before.refusedSignatures).toBe(3);
      expect(await storage.stat(key)).toBeUndefined();
    });

    it('an expired presigned URL is refused (s3rver itself enforces X-Amz-Date + X-Amz-Expires)', async () => {
      const key = `${randomUUID()}/raw`;
      const hourAgo = new Date(Date.now() - 3_600_000);
      const target = await upload(key, () => hourAgo);
      const before = await server.counts();
      const response = await send(target.url, { contentType: 'image/png', data: body });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Request has expired');
      expect((await server.counts()).refusedSignatures).toBe(before.refusedSignatures); // the signature was right; s3rver refused the age
      expect(await storage.stat(key)).toBeUndefined();
    });
  });
});

describe('createFileStorage', () => {
  it('builds the local driver from { driver: local, dir }', () => {
    const config: MediaStorageConfig = { driver: 'local', dir: '/tmp/agora-media-unused' };
    const storage = createFileStorage(config);
    expect(storage).toBeInstanceOf(LocalDiskStorage);
    expect(storage.presignPut).toBeUndefined();
  });

  it('builds the S3 driver from the config section (extra fields ignored) and refuses half credentials or a bad endpoint', () => {
    const config: MediaStorageConfig = {
      driver: 's3',
      bucket: 'media',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      forcePathStyle: true,
    };
    const storage = createFileStorage(config);
    expect(storage).toBeInstanceOf(S3Storage);
    expect(typeof storage.presignPut).toBe('function');
    storage.close();
    expect(() => createFileStorage({ driver: 's3', bucket: 'media', accessKeyId: 'a' })).toThrow(/secretAccessKey/);
    expect(() => createFileStorage({ driver: 's3', bucket: 'media', endpoint: 'not a url' })).toThrow();
    expect(() => createFileStorage({ driver: 's3', bucket: '' })).toThrow();
    expect(() => createFileStorage({ driver: 'ftp', dir: '/x' } as never)).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { RequestLoaders, uuidBatchLoader, viewerIdOf } from './loaders';

const ID = '0190f0c2-7a3b-7c4d-8e5f-aabbccddeeff';

describe('uuidBatchLoader', () => {
  it('loads canonical, distinct UUIDs in one call and answers every key in its own spelling', async () => {
    const calls: string[][] = [];
    const loader = uuidBatchLoader<string | null>(null, async (ids) => {
      calls.push(ids);
      return new Map(ids.map((id) => [id, `row ${id}`]));
    });
    const values = await Promise.all([loader.load(ID), loader.load(ID.toUpperCase()), loader.load('not-a-uuid')]);
    expect(calls).toEqual([[ID]]);
    expect(values).toEqual([`row ${ID}`, `row ${ID}`, null]);
  });

  it('sends nothing when no key is a UUID', async () => {
    let called = false;
    const loader = uuidBatchLoader(0, async () => ((called = true), new Map()));
    expect(await loader.load('nope')).toBe(0);
    expect(called).toBe(false);
  });
});

describe('request loaders', () => {
  it('shares one loader per key and forgets everything on clearAll', async () => {
    let loads = 0;
    const loaders = new RequestLoaders();
    const create = () => uuidBatchLoader(0, async (ids) => new Map(ids.map((id) => [id, ++loads])));
    expect(loaders.perKey('page-1', create)).toBe(loaders.perKey('page-1', create));
    expect(await loaders.perKey('page-1', create).load(ID)).toBe(1);
    expect(await loaders.perKey('page-1', create).load(ID)).toBe(1);
    loaders.clearAll();
    expect(await loaders.perKey('page-1', create).load(ID)).toBe(2);
  });

  it('canonicalises the viewer id, and gives null without a usable one', () => {
    expect(viewerIdOf({ userId: ID.toUpperCase() })).toBe(ID);
    expect(viewerIdOf({ userId: 'x' })).toBeNull();
    expect(viewerIdOf(null)).toBeNull();
  });
});

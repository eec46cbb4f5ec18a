import { randomUUID } from 'node:crypto';
import { waitFor } from '@agora/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendToOutbox, countStatements, createOutboxStore, handleOnce, type StatementCounter } from '../src/index';
import { backends, type OpenedDatabase } from './support/databases';
import { anEnvelope } from './support/envelopes';
import { FIXTURE_MIGRATIONS } from './support/fixture';
import { loadFixtureClient, type FixtureClient } from './support/fixture-client';

describe.each(backends)('messaging tables and statement counting on $kind', (backend) => {
  let opened: OpenedDatabase;
  let prisma: FixtureClient;
  let counted: FixtureClient;
  let counter: StatementCounter;

  beforeAll(async () => {
    const { PrismaClient } = await loadFixtureClient();
    opened = await backend.open();
    await opened.db.migrate(FIXTURE_MIGRATIONS);
    prisma = new PrismaClient({ adapter: opened.db.adapter });
    counter = countStatements(opened.db.adapter);
    counted = new PrismaClient({ adapter: counter.adapter });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await counted?.$disconnect();
    await opened?.dispose();
  });
  beforeEach(async () => {
    await prisma.$executeRawUnsafe('TRUNCATE outbox, inbox, note');
  });

  describe('outbox', () => {
    it('hands unpublished events to the relay in insertion order until they are marked', async () => {
      // Ids in descending order, so only `seq` (not the id) can give the insertion order back.
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()].sort().reverse();
      const [a, b, c, d] = ids.map((id) => anEnvelope({ id }));
      await prisma.$transaction(async (tx) => {
        await tx.note.create({ data: { id: randomUUID(), title: 'first' } });
        await appendToOutbox(tx, [a!, b!, c!]);
      });
      await prisma.$transaction((tx) => appendToOutbox(tx, [d!]));
      const store = createOutboxStore(prisma);

      const all = await store.fetchUnpublished(10);
      expect(all.map((r) => r.id)).toEqual(ids);
      expect(all[0]).toEqual({ id: a!.id, type: a!.type, envelope: a });
      expect((await store.fetchUnpublished(2)).map((r) => r.id)).toEqual([a!.id, b!.id]);

      await store.markPublished([a!.id, b!.id]);
      expect((await store.fetchUnpublished(10)).map((r) => r.id)).toEqual([c!.id, d!.id]);
      await store.markPublished([a!.id, c!.id, d!.id]);
      expect(await store.fetchUnpublished(10)).toEqual([]);
      await store.markPublished([]);
    });

    it('loses the events with the state change when the transaction rolls back', async () => {
      const event = anEnvelope();
      await expect(
        prisma.$transaction(async (tx) => {
          await tx.note.create({ data: { id: randomUUID(), title: 'doomed' } });
          await appendToOutbox(tx, [event]);
          throw new Error('domain rule broken after the append');
        }),
      ).rejects.toThrow('domain rule broken');
      expect(await createOutboxStore(prisma).fetchUnpublished(10)).toEqual([]);
      expect(await prisma.note.count()).toBe(0);
    });

    it('records the columns the relay and operators look at', async () => {
      const event = anEnvelope();
      await appendToOutbox(prisma, [event]);
      const [row] = await prisma.outboxEvent.findMany();
      expect(row).toMatchObject({ id: event.id, type: event.type, aggregateId: event.aggregateId, envelope: event, publishedAt: null });
      expect(typeof row!.seq).toBe('bigint');
    });
  });

  describe('handleOnce', () => {
    const consumer = 'notes--write-note-on-test';

    it('runs the effect once for a duplicate delivery', async () => {
      const eventId = randomUUID();
      let runs = 0;
      const effect = async (tx: Parameters<Parameters<FixtureClient['$transaction']>[0]>[0]) => {
        runs += 1;
        await tx.note.create({ data: { id: randomUUID(), title: `run ${runs}` } });
      };
      expect(await handleOnce(prisma, consumer, eventId, effect)).toBe(true);
      expect(await handleOnce(prisma, consumer, eventId, effect)).toBe(false);
      expect(runs).toBe(1);
      expect(await prisma.note.count()).toBe(1);
      // Another durable consumer has its own inbox key.
      expect(await handleOnce(prisma, 'notes--another-handler', eventId, effect)).toBe(true);
      expect(await prisma.inboxEvent.count({ where: { eventId } })).toBe(2);
    });

    it('rolls the inbox row back with a failing effect, so the redelivery runs it again', async () => {
      const eventId = randomUUID();
      await expect(
        handleOnce(prisma, consumer, eventId, async (tx) => {
          await tx.note.create({ data: { id: randomUUID(), title: 'half done' } });
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');
      expect(await prisma.inboxEvent.count()).toBe(0);
      expect(await prisma.note.count()).toBe(0);

      const ran = await handleOnce(prisma, consumer, eventId, async (tx) => {
        await tx.note.create({ data: { id: randomUUID(), title: 'done' } });
      });
      expect(ran).toBe(true);
      expect((await prisma.note.findMany()).map((n) => n.title)).toEqual(['done']);
    });
  });

  it('reads catalog columns of type "char" through raw queries', async () => {
    const rows = await prisma.$queryRawUnsafe<{ relkind: string }[]>(`SELECT relkind FROM pg_class WHERE relname = 'note'`);
    expect(rows).toEqual([{ relkind: 'r' }]);
  });

  describe('countStatements', () => {
    it('counts a findMany as one statement', async () => {
      await prisma.note.createMany({ data: [1, 2, 3].map((i) => ({ id: randomUUID(), title: `n${i}` })) });
      counter.reset();
      expect(await counted.note.findMany()).toHaveLength(3);
      expect(counter.statements).toHaveLength(1);
      expect(counter.statements[0]).toMatch(/^SELECT .* FROM "public"\."note"/);
    });

    it('counts statements inside interactive transactions', async () => {
      counter.reset();
      await counted.$transaction(async (tx) => {
        await tx.note.findMany();
        await tx.note.count();
      });
      const selects = counter.statements.filter((sql) => /^SELECT/.test(sql));
      expect(selects).toHaveLength(2);
      counter.reset();
      expect(counter.statements).toEqual([]);
    });
  });
});

// PGlite has one connection, so deliveries there are serialised anyway; Postgres is where they race.
describe('handleOnce on postgres with concurrent deliveries', () => {
  let opened: OpenedDatabase;
  let prisma: FixtureClient;
  beforeAll(async () => {
    const { PrismaClient } = await loadFixtureClient();
    opened = await backends[1].open();
    await opened.db.migrate(FIXTURE_MIGRATIONS);
    prisma = new PrismaClient({ adapter: opened.db.adapter });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await opened?.dispose();
  });

  it('lets only one of two concurrent deliveries run the effect', async () => {
    const consumer = 'notes--write-note-on-test';
    const eventId = randomUUID();
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let runs = 0;
    const first = handleOnce(prisma, consumer, eventId, async (tx) => {
      runs += 1;
      await tx.note.create({ data: { id: randomUUID(), title: 'first' } });
      await firstMayCommit;
    });
    await waitFor(() => runs === 1, { message: 'first delivery never started its effect' });
    const second = handleOnce(prisma, consumer, eventId, async () => {
      runs += 1;
    });
    // The duplicate's inbox insert waits on the first transaction's uncommitted key.
    await waitFor(
      async () => {
        const [row] = await prisma.$queryRawUnsafe<{ waiting: number }[]>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return row!.waiting > 0;
      },
      { message: 'the duplicate delivery never blocked on the inbox key' },
    );
    releaseFirst();
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    expect(runs).toBe(1);
  });
});

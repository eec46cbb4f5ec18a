import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@agora/events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxStore, eventOutbox, TransactionalUnitOfWork, createUnitOfWork, type DomainEventOutbox } from '../src/index';
import { backends, type OpenedDatabase } from './support/databases';
import { anEnvelope } from './support/envelopes';
import { FIXTURE_MIGRATIONS } from './support/fixture';
import { loadFixtureClient, type FixtureClient } from './support/fixture-client';

type Tx = Parameters<Parameters<FixtureClient['$transaction']>[0]>[0];

/** A miniature context's domain event and mapper, as a context's own `*-event.mapper.ts` would be. */
interface NoteWritten {
  noteId: string;
  title: string;
}
interface Metadata {
  correlationId: string;
}
const toEnvelope = (event: NoteWritten, metadata: Metadata): EventEnvelope =>
  anEnvelope({ aggregateId: event.noteId, payload: { title: event.title }, correlationId: metadata.correlationId });

/** What one transaction offers the fixture's "use cases". */
interface NoteScope {
  write(title: string): Promise<NoteWritten>;
  outbox: DomainEventOutbox<NoteWritten, Metadata>;
}

describe.each(backends)('the shared unit of work on $kind', (backend) => {
  let opened: OpenedDatabase;
  let prisma: FixtureClient;
  let wakes: number;
  let unitOfWork: TransactionalUnitOfWork<Tx, NoteScope>;
  const metadata = { correlationId: randomUUID() };

  const unpublished = async () => (await createOutboxStore(prisma).fetchUnpublished(100)).map((row) => row.envelope);

  beforeAll(async () => {
    const { PrismaClient } = await loadFixtureClient();
    opened = await backend.open();
    await opened.db.migrate(FIXTURE_MIGRATIONS);
    prisma = new PrismaClient({ adapter: opened.db.adapter });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await opened?.dispose();
  });
  beforeEach(async () => {
    await prisma.$executeRawUnsafe('TRUNCATE outbox, inbox, note');
    wakes = 0;
    unitOfWork = new TransactionalUnitOfWork<Tx, NoteScope>(prisma, {
      onOutboxCommitted: () => (wakes += 1),
      scope: (tx, outbox) => ({
        async write(title) {
          const note = await tx.note.create({ data: { id: randomUUID(), title } });
          return { noteId: note.id, title };
        },
        outbox: eventOutbox(outbox, toEnvelope),
      }),
    });
  });

  describe('run', () => {
    it('commits the writes with their outbox rows, in order, and wakes the relay once after the commit', async () => {
      let wakesBeforeCommit = -1;
      const result = await unitOfWork.run(async (scope) => {
        const first = await scope.write('first');
        await scope.outbox.append([first], metadata);
        const second = await scope.write('second');
        await scope.outbox.append([second], metadata);
        wakesBeforeCommit = wakes;
        return 'done';
      });

      expect(result).toBe('done');
      expect(wakesBeforeCommit).toBe(0);
      expect(wakes).toBe(1);
      expect(await prisma.note.count()).toBe(2);
      const envelopes = await unpublished();
      expect(envelopes.map((e) => e.payload)).toEqual([{ title: 'first' }, { title: 'second' }]);
      expect(envelopes.every((e) => e.correlationId === metadata.correlationId)).toBe(true);
    });

    it('writes nothing and does not wake the relay when the work throws after appending', async () => {
      await expect(
        unitOfWork.run(async (scope) => {
          await scope.outbox.append([await scope.write('doomed')], metadata);
          throw new Error('domain rule broken after the append');
        }),
      ).rejects.toThrow('domain rule broken');

      expect(wakes).toBe(0);
      expect(await prisma.note.count()).toBe(0);
      expect(await unpublished()).toEqual([]);
    });

    it('does not wake the relay for a commit without events (an empty append writes nothing)', async () => {
      await unitOfWork.run(async (scope) => {
        await scope.write('quiet');
        await scope.outbox.append([], metadata);
      });

      expect(await prisma.note.count()).toBe(1);
      expect(await unpublished()).toEqual([]);
      expect(wakes).toBe(0);
    });

    it('works without an onOutboxCommitted callback (createUnitOfWork)', async () => {
      const quiet = createUnitOfWork(prisma, {
        scope: (tx: Tx, outbox) => ({ tx, outbox }),
      });
      await quiet.run(({ outbox }) => outbox.append([anEnvelope()]));
      expect(await unpublished()).toHaveLength(1);
    });
  });

  describe('runOnce', () => {
    const consumer = 'notes--write-note-on-test';

    it('runs the work once for a duplicate delivery and wakes the relay only for the run that appended', async () => {
      const eventId = randomUUID();
      let runs = 0;
      const work = async (scope: NoteScope) => {
        runs += 1;
        await scope.outbox.append([await scope.write(`run ${runs}`)], metadata);
      };

      expect(await unitOfWork.runOnce(consumer, eventId, work)).toBe(true);
      expect(await unitOfWork.runOnce(consumer, eventId, work)).toBe(false);

      expect(runs).toBe(1);
      expect(wakes).toBe(1);
      expect(await prisma.note.count()).toBe(1);
      expect(await unpublished()).toHaveLength(1);
      expect(await prisma.inboxEvent.count({ where: { consumer, eventId } })).toBe(1);
    });

    it('rolls back the inbox row, writes and outbox rows of a failing run, without waking; the redelivery runs again', async () => {
      const eventId = randomUUID();
      await expect(
        unitOfWork.runOnce(consumer, eventId, async (scope) => {
          await scope.outbox.append([await scope.write('half done')], metadata);
          throw new Error('effect failed');
        }),
      ).rejects.toThrow('effect failed');

      expect(wakes).toBe(0);
      expect(await prisma.inboxEvent.count()).toBe(0);
      expect(await prisma.note.count()).toBe(0);
      expect(await unpublished()).toEqual([]);

      expect(await unitOfWork.runOnce(consumer, eventId, async (scope) => void (await scope.write('done')))).toBe(true);
      expect((await prisma.note.findMany()).map((n) => n.title)).toEqual(['done']);
      expect(wakes).toBe(0);
    });
  });
});

import { eventOutbox, type TransactionOutbox } from '@agora/prisma-kit';
import type { EventEnvelope } from '@agora/events';
import type { MediaEvent, TransactionScope } from '../application/ports';
import type { Prisma } from './prisma/__generated__/client';

/** Domain event → published envelope (createEvent with the contract); none yet. */
function toEnvelope(event: MediaEvent): EventEnvelope {
  throw new Error(`no contract for ${JSON.stringify(event)}`);
}

/** What one transaction offers media's commands and consumers: its repositories over `tx`, and the outbox. */
export function mediaScope(_tx: Prisma.TransactionClient, outbox: TransactionOutbox): TransactionScope {
  return { outbox: eventOutbox(outbox, toEnvelope) };
}

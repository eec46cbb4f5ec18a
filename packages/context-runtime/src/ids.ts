import { newEventId } from '@agora/events';
import type { IdGenerator } from '@agora/kernel';

/** Production ids: UUIDv7 (time-ordered), the same generator events use. */
export const uuidV7: IdGenerator = { newId: newEventId };

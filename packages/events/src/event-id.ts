import { v7 as uuidv7 } from 'uuid';

/**
 * A fresh UUIDv7 string. v7 ids sort by creation time (the uuid package keeps them monotonic
 * within one millisecond), so outbox rows, inbox keys and logs line up chronologically.
 */
export function newEventId(): string {
  return uuidv7();
}

import { PostErrors } from './post.errors';

/** At most this many media items on one post. */
export const MAX_ATTACHMENTS = 10;

/**
 * What the context knows of media items (its replica of media's facts, never media itself): the
 * ids among those asked for that `ownerId` may attach — their own items that are READY and not
 * deleted. Anything else (unknown, not ready yet, deleted, someone else's) is simply absent.
 */
export type AttachableMedia = ReadonlySet<string>;

/**
 * The attachment list as the author gave it, checked for its shape: at most MAX_ATTACHMENTS, no
 * id twice (ids compare lower-case, as stored). Returns the ids lower-case, in the author's order.
 */
export function parseAttachmentIds(ids: readonly string[] | null | undefined): string[] {
  const list = (ids ?? []).map((id) => id.toLowerCase());
  if (list.length > MAX_ATTACHMENTS) throw PostErrors.tooManyAttachments(MAX_ATTACHMENTS);
  if (new Set(list).size !== list.length) throw PostErrors.duplicateAttachment();
  return list;
}

/**
 * The attachments of a new post: `parseAttachmentIds`, then every id must be among `attachable`.
 * One reason for every missing item, whatever the cause, so nobody can probe others' media ids.
 */
export function checkAttachments(ids: readonly string[] | null | undefined, attachable: AttachableMedia): string[] {
  const list = parseAttachmentIds(ids);
  if (list.some((id) => !attachable.has(id))) throw PostErrors.attachmentNotAvailable();
  return list;
}

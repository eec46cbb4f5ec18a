import { MediaError } from '../media.errors';

export type MediaKind = 'IMAGE' | 'VIDEO';
/** UPLOADING is internal (a PUT is in flight); the graph shows it as PENDING. */
export type MediaStatus = 'PENDING' | 'UPLOADING' | 'READY' | 'FAILED';
export type ProfileSlot = 'AVATAR' | 'BANNER';

/** A media item as stored. */
export interface MediaItemState {
  id: string;
  ownerId: string;
  kind: MediaKind;
  status: MediaStatus;
  declaredContentType: string;
  declaredByteSize: number;
  /** Set once READY (sniffed from the bytes). */
  contentType: string | null;
  byteSize: number | null;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  caption: string | null;
  failureReason: string | null;
  filename: string | null;
  uploadExpiresAt: Date;
  createdAt: Date;
  readyAt: Date | null;
}

/** What an upload may be, per kind (the application's MEDIA_LIMITS). */
export interface KindLimits {
  maxBytes: number;
  contentTypes: readonly string[];
}

export const MAX_FILENAME_LENGTH = 255;
export const MAX_CAPTION_LENGTH = 2200;
/** How long an upload URL (and the PENDING item's window) lasts. */
export const UPLOAD_WINDOW_MS = 15 * 60 * 1000;
/** Unfinished uploads (PENDING / UPLOADING) older than this are swept. */
export const UNFINISHED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A client's file name, kept for display only: the last path segment (either slash), without
 * control or bidi-override characters, trimmed; null when nothing is left. Never used as a path.
 */
export function sanitizeFilename(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  // C0/C1 controls, DEL, and the bidirectional overrides/isolates that disguise extensions.
  // eslint-disable-next-line no-control-regex
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  if ([...cleaned].length > MAX_FILENAME_LENGTH) throw MediaError.filenameTooLong(MAX_FILENAME_LENGTH);
  return cleaned;
}

/** The content type as declared, normalised (`image/JPEG; x=y` → `image/jpeg`). */
export const normaliseContentType = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

/**
 * A new PENDING item for `createUpload`, after the announced type and size were checked against
 * the kind's limits (MEDIA.UNSUPPORTED_TYPE, MEDIA.TOO_LARGE) and the file name sanitised.
 */
export function announceUpload(input: {
  id: string;
  ownerId: string;
  kind: MediaKind;
  contentType: string;
  byteSize: number;
  filename?: string | null | undefined;
  limits: KindLimits;
  at: Date;
}): MediaItemState {
  const contentType = normaliseContentType(input.contentType);
  if (!input.limits.contentTypes.includes(contentType)) throw MediaError.unsupportedType(input.kind, input.limits.contentTypes);
  if (input.byteSize > input.limits.maxBytes) throw MediaError.tooLarge(input.limits.maxBytes);
  return {
    id: input.id,
    ownerId: input.ownerId,
    kind: input.kind,
    status: 'PENDING',
    declaredContentType: contentType,
    declaredByteSize: input.byteSize,
    contentType: null,
    byteSize: null,
    width: null,
    height: null,
    hasThumbnail: false,
    caption: null,
    failureReason: null,
    filename: sanitizeFilename(input.filename),
    uploadExpiresAt: new Date(input.at.getTime() + UPLOAD_WINDOW_MS),
    createdAt: input.at,
    readyAt: null,
  };
}

/** A caption as stored: trimmed, null when empty or cleared; at most 2200 characters. */
export function captionOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const caption = raw.trim();
  if (caption === '') return null;
  if ([...caption].length > MAX_CAPTION_LENGTH) throw MediaError.captionTooLong(MAX_CAPTION_LENGTH);
  return caption;
}

/** The item, checked to be the actor's (MEDIA.NOT_FOUND, MEDIA.NOT_OWNER). */
export function ownedBy(item: MediaItemState | null, actorId: string, field = 'id'): MediaItemState {
  if (!item) throw MediaError.notFound(field);
  if (item.ownerId !== actorId) throw MediaError.notOwner(field);
  return item;
}

/** The item, checked to be the actor's and READY (what albums and profile images accept). */
export function usableBy(item: MediaItemState | null, actorId: string, field = 'id'): MediaItemState {
  const owned = ownedBy(item, actorId, field);
  if (owned.status !== 'READY') throw MediaError.notReady(field);
  return owned;
}

/** A READY image of the actor's, for an avatar or banner. */
export function profileImageCandidate(item: MediaItemState | null, actorId: string): MediaItemState {
  const usable = usableBy(item, actorId);
  if (usable.kind !== 'IMAGE') throw MediaError.notAnImage();
  return usable;
}

/** The storage keys an item may have (`<id>/raw` while uploading, then original and thumbnail). */
export const storageKeysOf = (mediaId: string): string[] => [`${mediaId}/raw`, `${mediaId}/original`, `${mediaId}/thumbnail`];

/**
 * What media's HTTP routes (upload PUT, file GET, profile-image redirect) ask of the application.
 * The routes authenticate by signed URL, not by viewer, so these are not viewer commands; each
 * state change runs in one transaction with its outbox event, like a command.
 */
import type { MediaKindName, ProcessedUpload } from './files';

export type ClaimRefusal =
  | 'NOT_FOUND' // no such item (or deleted)
  | 'ALREADY_UPLOADED' // a PUT already started or finished for it
  | 'EXPIRED'; // the item's upload window closed

export interface UploadClaim {
  mediaId: string;
  ownerId: string;
  kind: MediaKindName;
  declaredContentType: string;
  declaredByteSize: number;
}

export interface UploadService {
  /** Atomically PENDING → UPLOADING (a second, concurrent PUT gets ALREADY_UPLOADED). */
  claim(mediaId: string): Promise<UploadClaim | { refused: ClaimRefusal }>;
  /** The PUT broke off (client went away, storage error): back to PENDING, so it may be retried until expiry. */
  release(mediaId: string): Promise<void>;
  /** UPLOADING → READY (media.item.ready.v1) or FAILED with the reason (media.item.failed.v1). */
  complete(mediaId: string, result: ProcessedUpload): Promise<void>;
}

export interface ProfileImageLookup {
  /** The READY item a user's avatar or banner slot shows, if any. */
  profileImage(userId: string, slot: 'AVATAR' | 'BANNER'): Promise<{ mediaId: string } | undefined>;
}

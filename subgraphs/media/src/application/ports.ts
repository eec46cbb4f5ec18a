import type { CommandRunner, InboxRunner } from '@agora/context-runtime';
import type { EventMetadata } from '@agora/kernel';
import type { AlbumState } from '../domain/album/album';
import type { MediaItemState, ProfileSlot } from '../domain/media-item/media-item';
import type { MediaEvent } from '../domain/media-item/media-item.events';
import type { DirectUpload } from './files';

export type { MediaEvent };

/** What a READY item records from its processed upload. */
export interface ReadyFields {
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
}

export interface MediaRepository {
  insert(item: MediaItemState): Promise<void>;
  /** The item, locked until the transaction ends; null when there is none. */
  findForUpdate(mediaId: string): Promise<MediaItemState | null>;
  setCaption(mediaId: string, caption: string | null): Promise<void>;
  /** Deletes the row; its album entries, attachments and profile-image slots go with it. */
  delete(mediaId: string): Promise<void>;
  /** Atomically PENDING → UPLOADING while the upload window is open; the claimed item, or null. */
  claim(mediaId: string, now: Date): Promise<MediaItemState | null>;
  /** UPLOADING → PENDING; false when it was not UPLOADING. */
  release(mediaId: string): Promise<boolean>;
  /** UPLOADING → READY; the updated item, or null when it was not UPLOADING (deleted, swept). */
  markReady(mediaId: string, fields: ReadyFields, at: Date): Promise<MediaItemState | null>;
  /** UPLOADING → FAILED with the reason; the updated item, or null when it was not UPLOADING. */
  markFailed(mediaId: string, reason: string): Promise<MediaItemState | null>;
  /** Which of `mediaIds` are `ownerId`'s READY items. */
  readyOwnedBy(ownerId: string, mediaIds: readonly string[]): Promise<Set<string>>;
  /** Which of `mediaIds` are used nowhere (no album, no attachment, no profile image). */
  unused(mediaIds: readonly string[]): Promise<string[]>;
  /** Deletes up to `limit` PENDING / UPLOADING items created before `before`; their ids. */
  deleteUnfinishedBefore(before: Date, limit: number): Promise<string[]>;
}

export interface AlbumRepository {
  insert(album: AlbumState): Promise<void>;
  /** The album, locked until the transaction ends (additions are serialised per album); null when there is none. */
  findForUpdate(albumId: string): Promise<AlbumState | null>;
  delete(albumId: string): Promise<void>;
  itemCount(albumId: string): Promise<number>;
  contains(albumId: string, mediaId: string): Promise<boolean>;
  /** Appends the item after the album's last one. */
  append(albumId: string, mediaId: string, at: Date): Promise<void>;
  /** false when the item was not in the album. */
  remove(albumId: string, mediaId: string): Promise<boolean>;
}

export interface ProfileImageRepository {
  set(userId: string, slot: ProfileSlot, mediaId: string, at: Date): Promise<void>;
  /** The slots showing the item (the owner's avatar and/or banner). */
  slotsShowing(mediaId: string): Promise<{ userId: string; slot: ProfileSlot }[]>;
}

export interface AttachmentRepository {
  /** Records the post's attachments in the given order (already recorded ones are left alone). */
  attach(postId: string, authorId: string, mediaIds: readonly string[]): Promise<void>;
  /** Removes the post's attachments; the media ids that were attached. */
  detachPost(postId: string): Promise<string[]>;
}

/**
 * The replica of posts' access facts (@agora/audience) as the attachment consumers need it. Both
 * writes lock the post's row, so a publication and a deletion of the same post are serialised:
 * attachments recorded after the deletion was seen are never left behind.
 */
export interface PostFacts {
  /** Records the publication (as the replica's own consumer does); whether the post is already known deleted. */
  recordPublication(post: {
    postId: string;
    authorId: string;
    visibility: string;
    circleIds: string[];
    commentsDisabled: boolean;
    publishedAt: Date;
  }): Promise<{ deleted: boolean }>;
  recordDeletion(postId: string, authorId: string): Promise<void>;
}

/** A moderator's decision about a post: removed or restored, and when it was decided. */
export interface PostModeration {
  postId: string;
  removed: boolean;
  decidedAt: Date;
}

/**
 * Moderation's decisions about posts (from moderation's events), as far as media shows a post's
 * attachments: the newest decision wins (a removal at equal times), whatever order they arrive in.
 */
export interface PostModerations {
  record(decision: PostModeration): Promise<void>;
}

/** Files to remove once the transaction committed (never before: a rollback keeps them). */
export interface FileCleanup {
  /** Every file of these items (raw, original, thumbnail). */
  removeFilesOf(mediaIds: readonly string[]): void;
  /** These objects. */
  removeObjects(keys: readonly string[]): void;
}

/** Where the client sends an upload's bytes: media's signed PUT route, or a presigned storage URL. */
export interface UploadTargets {
  uploadTarget(item: { id: string; contentType: string; byteSize: number; expiresAt: Date }): Promise<DirectUpload>;
}

/** Appends domain events to the outbox, in the same transaction as the state change. */
export interface MediaEventOutbox {
  append(events: readonly MediaEvent[], metadata: EventMetadata): Promise<void>;
}

/** What one transaction offers a command or consumer: the context's repositories, its outbox, and the after-commit file cleanup. */
export interface TransactionScope {
  media: MediaRepository;
  albums: AlbumRepository;
  profileImages: ProfileImageRepository;
  attachments: AttachmentRepository;
  posts: PostFacts;
  moderation: PostModerations;
  files: FileCleanup;
  uploads: UploadTargets;
  outbox: MediaEventOutbox;
}

/** One transaction per command or consumed event: writes, outbox rows and inbox row commit together. */
export interface UnitOfWork extends CommandRunner<TransactionScope>, InboxRunner<TransactionScope> {}

import type { MediaKind, ProfileSlot } from './media-item';

/** Media's domain events (mapped to the media.*.v1 contracts at the outbox). */
export type MediaEvent =
  | {
      type: 'MediaItemReady';
      mediaId: string;
      ownerId: string;
      kind: MediaKind;
      contentType: string;
      byteSize: number;
      width: number | null;
      height: number | null;
      at: Date;
    }
  | { type: 'MediaItemFailed'; mediaId: string; ownerId: string; reason: string; at: Date }
  | { type: 'MediaItemDeleted'; mediaId: string; ownerId: string; at: Date }
  | { type: 'ProfileImageChanged'; userId: string; slot: ProfileSlot; mediaId: string | null; at: Date };

import { DomainError, type ErrorCode } from '@agora/kernel';

/**
 * Expected failures of the media domain: the API's code and a stable `MEDIA.<REASON>`. A kernel
 * DomainError, so the subgraph passes it to the client as it is (code, reason, field).
 */
export class MediaError extends DomainError {
  override name = 'MediaError';

  constructor(code: ErrorCode, reason: `MEDIA.${string}`, message: string, field?: string) {
    super(code, reason, message, field);
  }

  // ── uploads ───────────────────────────────────────────────────────────────────────────────────
  static unsupportedType(kind: string, allowed: readonly string[]): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.UNSUPPORTED_TYPE', `A ${kind} must be one of ${allowed.join(', ')}`, 'contentType');
  }
  static tooLarge(maxBytes: number): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.TOO_LARGE', `At most ${maxBytes} bytes`, 'byteSize');
  }
  static filenameTooLong(max: number): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.FILENAME_TOO_LONG', `A file name has at most ${max} characters`, 'filename');
  }

  // ── items ─────────────────────────────────────────────────────────────────────────────────────
  static notFound(field = 'id'): MediaError {
    return new MediaError('NOT_FOUND', 'MEDIA.NOT_FOUND', 'No such media item', field);
  }
  static notOwner(field = 'id'): MediaError {
    return new MediaError('FORBIDDEN', 'MEDIA.NOT_OWNER', 'Only the owner can do this with a media item', field);
  }
  static notReady(field = 'id'): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.NOT_READY', 'The media item has not finished uploading (or failed)', field);
  }
  static notAnImage(field = 'id'): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.NOT_AN_IMAGE', 'An avatar or banner must be an image', field);
  }
  static captionTooLong(max: number): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.CAPTION_TOO_LONG', `A caption has at most ${max} characters`, 'caption');
  }

  // ── albums ────────────────────────────────────────────────────────────────────────────────────
  static albumNotFound(): MediaError {
    return new MediaError('NOT_FOUND', 'MEDIA.ALBUM_NOT_FOUND', 'No such album', 'albumId');
  }
  static notAlbumOwner(): MediaError {
    return new MediaError('FORBIDDEN', 'MEDIA.NOT_ALBUM_OWNER', 'Only the owner can change an album', 'albumId');
  }
  static alreadyInAlbum(): MediaError {
    return new MediaError('CONFLICT', 'MEDIA.ALREADY_IN_ALBUM', 'The item is in the album already', 'mediaId');
  }
  static notInAlbum(): MediaError {
    return new MediaError('NOT_FOUND', 'MEDIA.NOT_IN_ALBUM', 'The item is not in the album', 'mediaId');
  }
  static albumFull(max: number): MediaError {
    return new MediaError('FORBIDDEN', 'MEDIA.ALBUM_FULL', `An album holds at most ${max} items`, 'albumId');
  }
  static albumVisibilityUnsupported(): MediaError {
    return new MediaError('BAD_USER_INPUT', 'MEDIA.ALBUM_VISIBILITY_UNSUPPORTED', 'An album is PUBLIC or FOLLOWERS', 'visibility');
  }
}

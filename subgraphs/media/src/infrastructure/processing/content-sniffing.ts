/**
 * What an upload really is, read from its first bytes (file-type's magic numbers and container
 * checks: JPEG/PNG/WebP/GIF signatures, the MP4 `ftyp` box, the WebM EBML DocType). Text formats
 * (HTML, SVG, plain text) have no signature and come back undefined, which media refuses.
 */
import { fileTypeFromBuffer } from 'file-type';

/** Bytes file-type needs to recognise any format it knows (its documented sample size). */
export const SNIFF_BYTES = 4100;

/** Names the same thing as one of MEDIA_LIMITS' content types. */
const ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  // An animated PNG is a valid PNG: decoders without APNG support show its default image.
  'image/apng': 'image/png',
};

export function canonicalContentType(contentType: string): string {
  const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return ALIASES[bare] ?? bare;
}

/** The canonical content type the bytes start like, or undefined when file-type knows none. */
export async function sniffContentType(head: Uint8Array): Promise<string | undefined> {
  const found = await fileTypeFromBuffer(head);
  return found && canonicalContentType(found.mime);
}

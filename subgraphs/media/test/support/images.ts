/**
 * Upload fixtures for media's tests (the processor's unit tests and the e2e suite): real images
 * made with sharp, a JPEG carrying EXIF with GPS (spliced in as an APP1 segment built here, so
 * the tags are known exactly), an ICC profile, XMP and a comment, plus hostile files (a
 * decompression-bomb PNG header, a truncated JPEG, HTML posing as PNG, SVG, a zip) and minimal
 * MP4 / WebM containers. `hasExif` / `hasGps` / `hasIcc` inspect what sharp reads from a file,
 * `jpegMarkers` lists a JPEG's segments.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

export interface Size {
  width: number;
  height: number;
}

const RED = { r: 200, g: 30, b: 40 };

/** A plain baseline JPEG with noise (so it has real entropy-coded data). */
export async function jpeg({ width, height }: Size): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: RED, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Where the fixture says the picture was taken (degrees, minutes, seconds). */
export const GPS_FIXTURE = { latitude: [48, 51, 24], longitude: [2, 21, 3] } as const;

/**
 * A JPEG as a phone writes it: EXIF (Make, Orientation, a GPS IFD with latitude/longitude), an ICC
 * profile (Display P3), XMP and a JPEG comment. `orientation` 6 means "rotate 90° clockwise to
 * view", so the upright picture is `height` × `width`.
 */
export async function jpegWithGpsExif({ width, height, orientation = 1 }: Size & { orientation?: number }): Promise<Buffer> {
  const base = await sharp({ create: { width, height, channels: 3, background: RED, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .withIccProfile('p3')
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .jpeg({ quality: 85 })
    .toBuffer();
  return spliceAfterSoi(base, [app1Exif(exifTiff(orientation)), jpegComment('shot at home, 5 Rue Example')]);
}

export async function png({ width, height }: Size): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 120, b: 200, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

/** WebP; `frames` > 1 makes an animated one (looping, 100 ms a frame). */
export async function webp({ width, height, frames = 1 }: Size & { frames?: number }): Promise<Buffer> {
  return animation('webp', { width, height }, frames);
}

/** GIF; `frames` > 1 makes an animated one (looping, 100 ms a frame). */
export async function gif({ width, height, frames = 1 }: Size & { frames?: number }): Promise<Buffer> {
  return animation('gif', { width, height }, frames);
}

async function animation(format: 'gif' | 'webp', { width, height }: Size, frames: number): Promise<Buffer> {
  const pictures = await Promise.all(
    Array.from({ length: frames }, (_, index) =>
      sharp({ create: { width, height, channels: 3, background: { r: (index * 80) % 256, g: 90, b: 160 } } })
        .png()
        .toBuffer(),
    ),
  );
  const image = frames > 1 ? sharp(pictures, { join: { animated: true } }) : sharp(pictures[0]);
  return image.toFormat(format, frames > 1 ? { loop: 0, delay: pictures.map(() => 100) } : {}).toBuffer();
}

/**
 * A decompression bomb: a valid PNG header (IHDR with a correct CRC) claiming `width` × `height`
 * RGB pixels, followed by a tiny IDAT and IEND. Decoding it would need width × height × 3 bytes.
 */
export function hugeDimensionPng({ width, height }: Size = { width: 40_000, height: 40_000 }): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real JPEG cut off after `keep` of its bytes (headers intact, scan data missing). */
export async function truncatedJpeg({ width, height, keep = 0.5 }: Size & { keep?: number }): Promise<Buffer> {
  const whole = await jpeg({ width, height });
  return whole.subarray(0, Math.floor(whole.length * keep));
}

/** HTML with a script, to be declared as image/png. */
export function htmlAsPng(): Buffer {
  return Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');
}

/** An SVG with a script (sharp could render it; media must refuse it). */
export function svg(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>\n',
  );
}

export function plainText(): Buffer {
  return Buffer.from('just some words, not a picture at all\n'.repeat(4));
}

/** A one-file zip archive (stored, no compression). */
export function zip(): Buffer {
  const name = Buffer.from('a.txt');
  const content = Buffer.from('hello');
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4); // version needed
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, content, central, name, end]);
}

/** An ISO BMFF file file-type reads as video/mp4: ftyp (isom), a minimal moov/mvhd, an mdat. */
export function minimalMp4(): Buffer {
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom'), u32(0x200), Buffer.from('isomiso2avc1mp41')]));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(0, 16); // duration
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].forEach((value, index) => mvhd.writeUInt32BE(value, 36 + index * 4)); // matrix
  mvhd.writeUInt32BE(2, 96); // next track id
  const moov = box('moov', box('mvhd', mvhd));
  return Buffer.concat([ftyp, moov, box('mdat', Buffer.alloc(32))]);
}

/** An EBML header with DocType "webm" and an (unknown-size) Segment holding a tiny Info. */
export function minimalWebm(): Buffer {
  const header = ebml(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([
      ebml([0x42, 0x86], Buffer.from([1])), // EBMLVersion
      ebml([0x42, 0xf7], Buffer.from([1])), // EBMLReadVersion
      ebml([0x42, 0xf2], Buffer.from([4])), // EBMLMaxIDLength
      ebml([0x42, 0xf3], Buffer.from([8])), // EBMLMaxSizeLength
      ebml([0x42, 0x82], Buffer.from('webm')), // DocType
      ebml([0x42, 0x87], Buffer.from([4])), // DocTypeVersion
      ebml([0x42, 0x85], Buffer.from([2])), // DocTypeReadVersion
    ]),
  );
  const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40]))); // TimestampScale 1 ms
  const segment = Buffer.concat([Buffer.from([0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), info]);
  return Buffer.concat([header, segment]);
}

/** sharp finds an EXIF block in the file. */
export async function hasExif(file: Buffer): Promise<boolean> {
  return (await sharp(file).metadata()).exif !== undefined;
}

/** The file's EXIF has a GPS IFD (tag 0x8825 in IFD0) with at least one entry. */
export async function hasGps(file: Buffer): Promise<boolean> {
  const exif = (await sharp(file).metadata()).exif;
  return exif !== undefined && gpsEntryCount(exif) > 0;
}

/** sharp finds an embedded ICC profile. */
export async function hasIcc(file: Buffer): Promise<boolean> {
  return (await sharp(file).metadata()).icc !== undefined;
}

/**
 * The markers of a JPEG's segments before its image data (0xe0 APP0 … 0xef APP15, 0xfe COM, …):
 * EXIF is an APP1, ICC an APP2, XMP another APP1, IPTC an APP13.
 */
export function jpegMarkers(file: Buffer): number[] {
  const markers: number[] = [];
  let at = 2;
  while (at + 4 <= file.length && file[at] === 0xff) {
    const marker = file[at + 1] as number;
    markers.push(marker);
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + file.readUInt16BE(at + 2);
  }
  return markers;
}

/** Number of entries in the GPS IFD of an EXIF block ("Exif\0\0" + TIFF, as sharp returns it). */
export function gpsEntryCount(exif: Buffer): number {
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const read16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const read32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = read32(4);
  const entries = read16(ifd0);
  for (let index = 0; index < entries; index += 1) {
    const entry = ifd0 + 2 + index * 12;
    if (read16(entry) === 0x8825) return read16(read32(entry + 8));
  }
  return 0;
}

// ---- building blocks ----

interface IfdEntry {
  tag: number;
  type: number; // 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL
  count: number;
  data: Buffer;
}

const ascii = (tag: number, text: string): IfdEntry => ({ tag, type: 2, count: text.length + 1, data: Buffer.from(`${text}\0`, 'latin1') });
const rationals = (tag: number, values: readonly number[]): IfdEntry => {
  const data = Buffer.alloc(values.length * 8);
  values.forEach((value, index) => {
    data.writeUInt32LE(value, index * 8);
    data.writeUInt32LE(1, index * 8 + 4);
  });
  return { tag, type: 5, count: values.length, data };
};

/** Little-endian TIFF: IFD0 (Make, Orientation, GPS pointer) and a GPS IFD. */
function exifTiff(orientation: number): Buffer {
  const orientationData = Buffer.alloc(2);
  orientationData.writeUInt16LE(orientation);
  const gps: IfdEntry[] = [
    { tag: 0x0000, type: 1, count: 4, data: Buffer.from([2, 3, 0, 0]) },
    ascii(0x0001, 'N'),
    rationals(0x0002, GPS_FIXTURE.latitude),
    ascii(0x0003, 'E'),
    rationals(0x0004, GPS_FIXTURE.longitude),
  ];
  const ifd0Entries = (gpsOffset: number): IfdEntry[] => [
    ascii(0x010f, 'AgoraCam'),
    { tag: 0x0112, type: 3, count: 1, data: orientationData },
    { tag: 0x8825, type: 4, count: 1, data: u32le(gpsOffset) },
  ];
  const ifd0Size = ifdSize(ifd0Entries(0));
  const gpsOffset = 8 + ifd0Size;
  const ifd0 = writeIfd(ifd0Entries(gpsOffset), 8);
  const gpsIfd = writeIfd(gps, gpsOffset);
  return Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), u32le(8), ifd0, gpsIfd]);
}

function ifdSize(entries: IfdEntry[]): number {
  const extra = entries.reduce((sum, entry) => sum + (entry.data.length > 4 ? entry.data.length + (entry.data.length % 2) : 0), 0);
  return 2 + entries.length * 12 + 4 + extra;
}

/** An IFD placed at `offset` in the TIFF, its out-of-line values right after it; no next IFD. */
function writeIfd(entries: IfdEntry[], offset: number): Buffer {
  const out = Buffer.alloc(ifdSize(entries));
  out.writeUInt16LE(entries.length, 0);
  let dataAt = 2 + entries.length * 12 + 4;
  entries.forEach((entry, index) => {
    const at = 2 + index * 12;
    out.writeUInt16LE(entry.tag, at);
    out.writeUInt16LE(entry.type, at + 2);
    out.writeUInt32LE(entry.count, at + 4);
    if (entry.data.length <= 4) {
      entry.data.copy(out, at + 8);
    } else {
      out.writeUInt32LE(offset + dataAt, at + 8);
      entry.data.copy(out, dataAt);
      dataAt += entry.data.length + (entry.data.length % 2);
    }
  });
  return out;
}

function app1Exif(tiff: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(2 + 6 + tiff.length);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), length, Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

function jpegComment(text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(2 + body.length);
  return Buffer.concat([Buffer.from([0xff, 0xfe]), length, body]);
}

/** Inserts segments right after SOI (and after a JFIF APP0, if there is one). */
function spliceAfterSoi(jpegFile: Buffer, segments: Buffer[]): Buffer {
  let at = 2;
  if (jpegFile[2] === 0xff && jpegFile[3] === 0xe0) at = 4 + jpegFile.readUInt16BE(4);
  return Buffer.concat([jpegFile.subarray(0, at), ...segments, jpegFile.subarray(at)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), typeAndData, u32(crc32(typeAndData))]);
}

function box(type: string, payload: Buffer): Buffer {
  return Buffer.concat([u32(8 + payload.length), Buffer.from(type, 'latin1'), payload]);
}

/** An EBML element with a one-byte size (payloads here are < 127 bytes). */
function ebml(id: number[], payload: Buffer): Buffer {
  if (payload.length >= 0x7f) throw new Error('payload too long for a one-byte EBML size');
  return Buffer.concat([Buffer.from(id), Buffer.from([0x80 | payload.length]), payload]);
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

function u32le(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

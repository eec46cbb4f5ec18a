import { Transform, type TransformCallback } from 'node:stream';
import { BodyTooLargeError } from '../../application/files';

/** Passes bytes through, counting them; errors with BodyTooLargeError the moment the count passes `maxBytes`. */
export class ByteLimit extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) done(new BodyTooLargeError(this.maxBytes));
    else done(null, chunk);
  }
}

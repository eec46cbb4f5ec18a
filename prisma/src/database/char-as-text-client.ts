import pg from 'pg';

const CHAR_OID = 18; // the one-byte catalog type "char" (pg_class.relkind, pg_constraint.contype, ...)
const TEXT_OID = 25;

type FieldsCarrier = { fields?: { dataTypeID: number }[] };

function relabel(result: unknown): unknown {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as FieldsCarrier | null)?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/**
 * A pg client that reports `"char"` columns as `text`. Prisma's pg adapter (7.10) rejects oid 18
 * as an unsupported native type, which breaks raw queries over the catalogs; its text value is
 * already a plain one-character string, so relabelling is lossless.
 *
 * Covers every way pg delivers a result: promises (transactions), callbacks (Pool#query) and
 * leaves streaming `Submittable`s alone.
 */
export class CharAsTextClient extends pg.Client {
  override query(...args: any[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: Error | null, result: unknown) => callback(error, error ? result : relabel(result));
      return super.query(...(args as [any, any, any]));
    }
    const returned = super.query(...(args as [any, any]));
    if (returned && typeof (returned as Promise<unknown>).then === 'function') return (returned as Promise<unknown>).then(relabel);
    return returned;
  }
}

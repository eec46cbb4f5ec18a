import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An input DateTime: only a full ISO-8601 instant; anything else is BAD_USER_INPUT. */
function parseInstant(value: unknown): Date {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 string such as 2026-01-31T09:30:00.000Z', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * `DateTime`, the same in every subgraph: serialised as an ISO-8601 UTC string with milliseconds
 * (from a Date, or anything a Date can be made from); inputs parsed strictly into a Date.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date.');
    return date.toISOString();
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    return parseInstant(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The one spelling of a UUID inside Agora: lower case, as Postgres prints it. Ids compare as
 * text in the domain, so every id is brought to this form once, where it enters — when an input
 * or an event is parsed, and for the viewer's id in the command pipeline — and never again.
 */
export function canonicalUuid(value: string): string {
  return value.toLowerCase();
}

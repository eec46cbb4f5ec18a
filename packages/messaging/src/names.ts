/** Names NATS accepts for a consumer and as one subject token: no dots, wildcards or whitespace. */
const NAME_TOKEN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `CreateProfileOnAccountRegistered` → `create-profile-on-account-registered`; `SyncURLOnX` → `sync-url-on-x`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/**
 * `<context>--<kebab-case handler name>`, e.g. `profiles--create-profile-on-account-registered`.
 * The double dash keeps the context recoverable; the result is also a DLQ subject token.
 */
export function durableName(context: string, handlerName: string): string {
  if (!NAME_TOKEN.test(context)) throw new Error(`context "${context}" must be lower-case kebab-case`);
  const handler = kebabCase(handlerName);
  if (!NAME_TOKEN.test(handler)) throw new Error(`handler name "${handlerName}" cannot be turned into a consumer name`);
  return `${context}--${handler}`;
}

/**
 * Where a message handled by `durable` (`<context>--<handler>`) is dead-lettered:
 * `dlq.<context>.<durable>.<original subject>`. The context is a token of its own so NATS
 * permissions can grant each context `dlq.<context>.>` and nothing else.
 */
export function deadLetterSubject(durable: string, subject: string): string {
  const separator = durable.indexOf('--');
  if (separator <= 0) throw new Error(`durable "${durable}" is not <context>--<handler>`);
  return `dlq.${durable.slice(0, separator)}.${durable}.${subject}`;
}

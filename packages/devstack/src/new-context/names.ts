/** The spellings of one context name, e.g. `user-search`. */
export interface ContextNames {
  /** `user-search`: folder, package (`@agora/user-search`), registry and logger name. */
  name: string;
  /** `UserSearch`: type names (`UserSearchContext`, `UserSearchError`). */
  pascal: string;
  /** `userSearch`: functions (`startUserSearch`). */
  camel: string;
  /** `USER_SEARCH`: env prefix and error reasons (`USER_SEARCH.INVALID_INPUT`). */
  constant: string;
  /** `agora_user_search`: the Postgres database. */
  database: string;
}

export const CONTEXT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RESERVED = new Set(['gateway', 'kernel', 'testing', 'devstack', 'events', 'messaging', 'audience']);

/** Throws a one-line reason when `name` cannot be a context name. */
export function contextNames(name: string): ContextNames {
  if (!CONTEXT_NAME.test(name)) {
    throw new Error(`"${name}" is not a context name: use lower-case words joined by dashes, e.g. media or user-search`);
  }
  if (RESERVED.has(name)) throw new Error(`"${name}" is reserved (a package or process of that name exists)`);
  const words = name.split('-');
  const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return {
    name,
    pascal,
    camel: pascal[0]!.toLowerCase() + pascal.slice(1),
    constant: words.join('_').toUpperCase(),
    database: `agora_${words.join('_')}`,
  };
}

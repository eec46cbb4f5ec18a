/** Resolvers by type; a mutation is one line, `name: mutation(command)` (@agora/context-runtime). */
export const resolvers = {};

import { convertToESTree, extractComments, extractTokens } from '@graphql-eslint/eslint-plugin/estree-converter/index';
import { getSiblings } from '@graphql-eslint/eslint-plugin/siblings';
import type { Linter } from 'eslint';
import { buildSchema, GraphQLError, parse, Source, type GraphQLSchema } from 'graphql';

/**
 * ESLint parser for SDL files, equivalent to @graphql-eslint's own parser in its programmatic
 * `schemaSdl` mode (the only mode the gate uses), built from the plugin's public subpath modules.
 *
 * Why not the plugin's parser: its module eagerly loads graphql-config and the code-file loaders
 * (for on-disk configs), which costs ~5 s of CPU per run on this machine for nothing we use; the
 * gate must stay well under 30 s. The AST conversion is the plugin's, so rules see what they
 * expect. Keep in step with `@graphql-eslint/eslint-plugin/parser` when upgrading the plugin.
 */
const noSiblings = getSiblings([]);
const schemas = new Map<string, GraphQLSchema>();

export function createSdlParser(schemaSdl: string | undefined): Linter.Parser {
  return {
    meta: { name: '@agora/schema-check/sdl-parser' },
    parseForESLint(code: string, options?: { filePath?: string }) {
      const filePath = options?.filePath ?? 'schema.graphql';
      try {
        const document = parse(new Source(code, filePath));
        const schema = schemaSdl === undefined ? null : schemaFor(schemaSdl);
        const rootTree = convertToESTree(document, schema ?? undefined);
        return {
          services: { schema, siblingOperations: noSiblings },
          ast: {
            comments: extractComments(document.loc),
            tokens: extractTokens(filePath, code),
            loc: rootTree.loc,
            range: rootTree.range,
            type: 'Program',
            sourceType: 'script',
            body: [rootTree],
          },
        } as unknown as Linter.ESLintParseResult;
      } catch (error) {
        // ESLint 9 turns a thrown { lineNumber, column, message } into a fatal parse message and
        // reports the column as given (graphql-eslint's parser subtracts 1 and is off by one).
        if (error instanceof GraphQLError) {
          const location = error.locations?.[0];
          throw { index: error.positions?.[0], lineNumber: location?.line, column: location?.column, message: error.message };
        }
        throw error;
      }
    },
  };
}

function schemaFor(sdl: string): GraphQLSchema {
  let schema = schemas.get(sdl);
  if (!schema) {
    schema = buildSchema(sdl);
    schemas.clear();
    schemas.set(sdl, schema);
  }
  return schema;
}

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  getLocation,
  Kind,
  parse,
  Source,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { OPERATIONS_DIR } from '../repo-layout';
import { checkResult, skippedCheck, type CheckResult, type Finding, type FindingLocation } from '../report';

const TITLE = 'client operations';

export const RENAME_HINT =
  'to rename a field, add the new one and mark the old with @deprecated(reason: ...) — remove it once no operation uses it';

/**
 * Every operation the clients ship (`schema/operations/**\/*.graphql`) must validate against the
 * new API schema. Fragments may live in any file of the folder (they are shared like a client's
 * fragment files); each operation is validated with exactly the fragments it uses.
 */
export async function operationsCheck(
  rootDir: string,
  apiSchema: GraphQLSchema | undefined,
  baseApiSchema?: GraphQLSchema,
): Promise<CheckResult> {
  if (!apiSchema) return skippedCheck('operations', TITLE, 'composition failed');
  const files = await listGraphqlFiles(join(rootDir, OPERATIONS_DIR));
  const findings: Finding[] = [];
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operationNames = new Map<string, string>();

  for (const file of files) {
    const path = `${OPERATIONS_DIR}/${file}`;
    let document: DocumentNode;
    try {
      document = parse(new Source(await readFile(join(rootDir, OPERATIONS_DIR, file), 'utf8'), path));
    } catch (error) {
      findings.push(graphqlErrorFinding(error as GraphQLError, path, 'OPERATION_SYNTAX', undefined));
      continue;
    }
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(definition.name.value)) {
          findings.push(nodeFinding(definition, path, 'FRAGMENT_NAME_DUPLICATE', `fragment ${definition.name.value} is defined twice`));
        }
        fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        const name = definition.name?.value;
        if (!name) {
          findings.push(
            nodeFinding(
              definition,
              path,
              'OPERATION_UNNAMED',
              'operations must be named (the name identifies them in logs and persisted queries)',
            ),
          );
          continue;
        }
        const previous = operationNames.get(name);
        if (previous) findings.push(nodeFinding(definition, path, 'OPERATION_NAME_DUPLICATE', `${name} is also defined in ${previous}`));
        operationNames.set(name, path);
        operations.push(definition);
      }
    }
  }

  for (const operation of operations) {
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...usedFragments(operation, fragments)] };
    const name = operation.name?.value ?? '';
    for (const error of validate(apiSchema, document)) {
      const validAtBase = baseApiSchema !== undefined && validate(baseApiSchema, document).length === 0;
      findings.push(
        graphqlErrorFinding(
          error,
          operation.loc?.source.name ?? OPERATIONS_DIR,
          'OPERATION_INVALID',
          name,
          hintFor(error.message, validAtBase),
        ),
      );
    }
  }

  const broken = new Set(findings.filter((f) => f.level === 'error').map((f) => f.coordinate ?? f.location?.path)).size;
  const summary =
    broken > 0 ? `${broken} of ${operations.length} operation(s) broken` : `${operations.length} operation(s) in ${files.length} file(s)`;
  return checkResult('operations', TITLE, findings, summary);
}

function hintFor(message: string, validAtBase: boolean): string | undefined {
  const breaks = validAtBase ? 'this operation worked against the base schema; ' : '';
  if (/^Cannot query field/.test(message)) return `${breaks}${RENAME_HINT}`;
  if (/^Unknown argument/.test(message)) return `${breaks}keep the old argument marked @deprecated(reason: ...) until no operation uses it`;
  if (/^Unknown type/.test(message)) return `${breaks}keep the old type until no operation uses it`;
  return validAtBase ? `${breaks}keep the old shape (deprecated) until no operation depends on it` : undefined;
}

/** The fragments an operation spreads, transitively (fragments may spread fragments). */
function usedFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !used.has(node.name.value)) {
          used.set(node.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}

function graphqlErrorFinding(
  error: GraphQLError,
  fallbackPath: string,
  code: string,
  operationName: string | undefined,
  hint?: string,
): Finding {
  // A location sits in whichever file its node came from (an operation's fragment may live elsewhere).
  const node = error.nodes?.[0];
  let location: FindingLocation = { path: fallbackPath };
  if (node?.loc) {
    const position = getLocation(node.loc.source, node.loc.start);
    location = { path: node.loc.source.name, line: position.line, column: position.column };
  } else if (error.locations?.[0]) {
    location = { path: fallbackPath, ...error.locations[0] };
  }
  const finding: Finding = {
    level: 'error',
    code,
    message: operationName ? `${operationName}: ${error.message}` : error.message,
    location,
  };
  if (operationName) finding.coordinate = operationName;
  if (hint) finding.hint = hint;
  return finding;
}

function nodeFinding(node: OperationDefinitionNode | FragmentDefinitionNode, path: string, code: string, message: string): Finding {
  const position = node.loc ? getLocation(node.loc.source, node.loc.start) : undefined;
  return { level: 'error', code, message, location: position ? { path, ...position } : { path } };
}

async function listGraphqlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

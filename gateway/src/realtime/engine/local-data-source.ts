import type { GraphQLDataSource } from '@apollo/gateway';
import { execute, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../../subgraphs/gateway-context';

/**
 * The `realtime` subgraph of one delivery: it answers the plan's primary fetch (e.g.
 * `postActivity(postId:$p){kind post{__typename id}}`) by executing it against realtime's own
 * subgraph schema with the event's value as the root field's value, so the rest of the plan
 * starts from the entity references the event names, exactly as if a realtime service had
 * answered. Nothing leaves the process.
 */
export function localPrimarySource(
  schema: GraphQLSchema,
  document: DocumentNode,
  field: string,
  value: Record<string, unknown>,
): GraphQLDataSource<GatewayContext> {
  return {
    async process({ request }) {
      const result = await execute({ schema, document, rootValue: { [field]: value }, variableValues: request.variables ?? {} });
      return { data: result.data ?? null, ...(result.errors && { errors: result.errors.map((error) => error.toJSON()) }) };
    },
  };
}

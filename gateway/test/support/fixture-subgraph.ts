import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import express from 'express';
import { parse } from 'graphql';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** What a fixture subgraph received: enough to prove what the gateway forwards. */
export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  query: string;
}

export interface FixtureSubgraph {
  name: string;
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A plain Apollo subgraph (deliberately not service-kit's server, which masks errors itself):
 * the gateway's own masking and header handling are what these tests observe.
 */
export async function startFixtureSubgraph<C extends object>(options: {
  name: string;
  sdlFile: string;
  resolvers: GraphQLResolverMap<any>;
  context: (headers: Record<string, string | string[] | undefined>) => Promise<C>;
}): Promise<FixtureSubgraph> {
  const typeDefs = parse(await readFile(join(FIXTURES_DIR, 'sdl', options.sdlFile), 'utf8'));
  const apollo = new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs, resolvers: options.resolvers }),
    // Like a careless subgraph: raw error messages go out; the gateway must mask them.
    includeStacktraceInErrorResponses: true,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const received: ReceivedRequest[] = [];
  const app = express();
  app.use(
    '/graphql',
    express.json(),
    (req, _res, next) => {
      received.push({ headers: { ...req.headers }, query: String(req.body?.query ?? '') });
      next();
    },
    expressMiddleware(apollo, { context: async ({ req }) => options.context(req.headers) }),
  );
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: options.name,
    url: `http://127.0.0.1:${port}/graphql`,
    received,
    async close() {
      await apollo.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

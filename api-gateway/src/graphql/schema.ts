import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers';

/** The SDL in schema.graphql, the single source of truth, bound to the resolvers. */
export function gatewaySchema(): GraphQLSchema {
  const typeDefs = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
  return makeExecutableSchema({ typeDefs, resolvers });
}

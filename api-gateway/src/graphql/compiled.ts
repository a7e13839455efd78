import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { GraphQLError, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { RequestContext } from '../context';

type CompiledExecution = ApolloServerOptionsWithGateway<RequestContext>['gateway'];
type Executor = Awaited<ReturnType<CompiledExecution['load']>>['executor'];

/** The run of a document from which it executes compiled (the first goes through graphql-js): a one-off document never pays for compiling. */
export const COMPILED_FROM_RUN = 2;

interface Seen {
  runs: number;
  /** By operation name ('' for the only one); undefined until compiled, null where graphql-jit declined (it then runs as graphql-js does). */
  compiled: Map<string, CompiledQuery | null>;
}

/**
 * GraphQL executed by functions graphql-jit compiles, once per document, for the operations a
 * client keeps sending (the browser's few fixed documents): a history page is ~1,500 fields, and
 * graphql-js's generic walk over them was a fifth of the gateway's CPU for a page. Both doors
 * use it: Apollo over HTTP (`compiledExecution`) and the socket's queries and mutations. The
 * caller has parsed and validated the document (the query limits included); only execution
 * changes. A document is keyed by its DocumentNode: Apollo and the socket's DocumentCache keep
 * one per query text, so the compiled functions live as long as it does.
 */
export function compiledExecutor(schema: GraphQLSchema): (args: ExecutionArgs) => Promise<ExecutionResult> {
  const documents = new WeakMap<DocumentNode, Seen>();

  const compiledFor = (document: DocumentNode, operationName: string | null | undefined): CompiledQuery | undefined => {
    let seen = documents.get(document);
    if (!seen) documents.set(document, (seen = { runs: 0, compiled: new Map() }));
    const name = operationName ?? '';
    const known = seen.compiled.get(name);
    if (known !== undefined) return known ?? undefined;
    if (++seen.runs < COMPILED_FROM_RUN) return undefined;
    const compiled = compileQuery(schema, document, operationName ?? undefined);
    seen.compiled.set(name, isCompiledQuery(compiled) ? compiled : null);
    return isCompiledQuery(compiled) ? compiled : undefined;
  };

  return async (args) => {
    const compiled = compiledFor(args.document, args.operationName);
    if (compiled) return withGraphQLErrors(await compiled.query(args.rootValue, args.contextValue, args.variableValues ?? {}));
    return execute(args);
  };
}

/** The compiled executor as Apollo takes one: through its gateway interface, the one place Apollo takes an executor. */
export function compiledExecution(schema: GraphQLSchema): CompiledExecution {
  const run = compiledExecutor(schema);
  const executor: Executor = ({ document, operationName, request, context }) =>
    run({ schema, document, operationName, contextValue: context, variableValues: request.variables });
  return {
    load: async () => ({ schema, executor }),
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    stop: async () => undefined,
  };
}

/**
 * graphql-jit's errors as graphql-js makes them: its own error type leaves `extensions`
 * undefined where graphql-js gives {}, which Apollo's error formatting reads.
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const same = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? {} });
    // No nodes to compute them from: the locations graphql-jit computed when it compiled.
    return Object.assign(same, { locations: error.locations });
  });
  return { ...result, errors };
}

import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { GraphQLError, execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
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
 * GraphQL over HTTP executed by functions graphql-jit compiles, once per document, for the
 * operations a client keeps sending (the browser's few fixed documents): a history page is ~1,500
 * fields, and graphql-js's generic walk over them was a fifth of the gateway's CPU for a page.
 * Apollo still parses, validates (the query limits included), runs the plugins and formats the
 * errors; only execution changes. Apollo keeps one parsed document per query text, so the same
 * DocumentNode comes back for the same text and the compiled functions live as long as it does.
 * Plugged in through Apollo's gateway interface, the one place Apollo takes an executor.
 */
export function compiledExecution(schema: GraphQLSchema): CompiledExecution {
  const documents = new WeakMap<DocumentNode, Seen>();

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | undefined => {
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

  const executor: Executor = async ({ document, operationName, request, context }): Promise<ExecutionResult> => {
    const compiled = compiledFor(document, operationName);
    if (compiled) return withGraphQLErrors(await compiled.query(undefined, context, request.variables ?? {}));
    return execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
  };

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

import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@charla/platform';
import type { GatewayLimits } from '../config';
import type { Gateway, RequestContext } from '../context';
import { formatGraphQLError, retryAfterOf, type FormatOptions } from '../errors';
import { queryLimitRules } from '../guards/query-limits';
import { graphqlMetrics } from '../observability';
import { compiledExecution } from './compiled';
import { httpContext } from './http';

export interface ApolloParts {
  schema: GraphQLSchema;
  httpServer: Server;
  limits: GatewayLimits;
  production: boolean;
  format: FormatOptions;
  log: Logger;
  /** Runs when Apollo stops, after the HTTP server drained (closes the graphql-ws server). */
  drain: () => Promise<void>;
}

/** GraphQL over HTTP: Apollo with the gateway's limits and its one error boundary. */
export function apolloServer({ schema, httpServer, limits, production, format, log, drain }: ApolloParts): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    // The schema, executed by compiled functions for the documents clients repeat (graphql/compiled.ts).
    gateway: compiledExecution(schema),
    validationRules: queryLimitRules(limits),
    formatError: (formatted, error) => formatGraphQLError(formatted, error, format),
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    introspection: true,
    // The process stops the gateway itself (runUntilSignalled); Apollo's own SIGTERM handler
    // would re-raise the signal once Apollo alone had stopped, killing the rest of the stop.
    stopOnTerminationSignals: false,
    // Credentials travel only in the Authorization header, never in cookies, so a cross-site
    // request cannot act as anyone: plain GET queries (curl, links) may run.
    csrfPrevention: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing caches GraphQL responses; the plugin would wrap every field's resolver (the
      // schema is shared with the socket) to compute cache hints no one reads.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      graphqlMetrics,
      { serverWillStart: async () => ({ drainServer: drain }) },
      // A refusal that will pass (TOO_MANY_REQUESTS) says when, for HTTP clients too.
      {
        requestDidStart: async () => ({
          willSendResponse: async ({ errors, response }) => {
            const retryAfterMs = retryAfterOf(errors);
            if (retryAfterMs !== undefined) response.http.headers.set('retry-after', String(Math.ceil(retryAfterMs / 1000)));
          },
        }),
      },
    ],
    logger: log,
  });
}

/** The /graphql handlers of a started Apollo: bounded JSON bodies, then each request's context. */
export function graphqlOverHttp(apollo: ApolloServer<RequestContext>, gateway: Gateway, maxBodyBytes: number): RequestHandler[] {
  return [express.json({ limit: maxBodyBytes }), expressMiddleware(apollo, { context: async ({ req }) => httpContext(gateway, req) })];
}

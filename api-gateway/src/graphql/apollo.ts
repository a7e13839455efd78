import type { Server } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { RequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@charla/platform';
import type { GatewayLimits } from '../config';
import type { Gateway, RequestContext } from '../context';
import { formatGraphQLError, retryAfterOf, type FormatOptions } from '../errors';
import { queryLimitRules } from '../guards/query-limits';
import { graphqlMetrics } from '../observability';
import { jsonBody } from '../web';
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

/**
 * The /graphql handlers of a started Apollo: bounded JSON bodies, then Apollo's HTTP request
 * (executeHTTPGraphQLRequest, with each request's context) and its answer written in one
 * `res.end`. This is what @as-integrations/express5 does, without what cost a history page as
 * much as its own JSON in the profile: Express's `res.send` copies the answer into a Buffer and
 * hashes it for an ETag (nothing caches a GraphQL answer), and the legacy `url.parse` ran for
 * the search string of every request.
 */
export function graphqlOverHttp(apollo: ApolloServer<RequestContext>, gateway: Gateway, maxBodyBytes: number): RequestHandler[] {
  apollo.assertStarted('graphqlOverHttp()');
  const serve: RequestHandler = async (req, res) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const query = req.url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query < 0 ? '' : req.url.slice(query), body: req.body },
      context: () => httpContext(gateway, req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    // Node sets Content-Length from the one string it is given.
    if (response.body.kind === 'complete') return void res.end(response.body.string);
    // Incremental delivery (@defer, @stream): each part as it comes.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return [jsonBody(maxBodyBytes), serve];
}

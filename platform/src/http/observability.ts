import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger';
import { countRequest, metricsText, type Door } from '../metrics';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '../request-id';

/**
 * Every HTTP request gets an id, the caller's `x-request-id` or a new one: it is sent back in
 * the response header, and the handlers run for it (their log lines and calls carry it).
 */
export const requestIds: RequestHandler = (req, res, next) => {
  const id = requestIdFrom(req.get(REQUEST_ID_HEADER));
  res.setHeader(REQUEST_ID_HEADER, id);
  withRequestId(id, next);
};

/** The route a request matched (its pattern, never the path itself: ids stay out of labels). */
function routeOf(req: Request): string {
  if (!req.route) return 'unmatched';
  const path = req.route.path as unknown;
  return `${req.baseUrl}${typeof path === 'string' ? path : String(path)}`;
}

/**
 * Counts and times every request by method, route and status code when its response is sent,
 * with a debug line for it (under its request id, like every line it logged).
 */
export function httpMetrics(door: Door, log: Logger, routeName: (req: Request) => string = routeOf): RequestHandler {
  return (req: Request, res: Response, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = `${req.method} ${routeName(req)}`;
      countRequest(door, route, String(res.statusCode), started);
      log.debug({ route, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'HTTP request');
    });
    next();
  };
}

/** GET /metrics: this process's metrics in Prometheus text format. */
export const metricsRoute: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' || req.path !== '/metrics') return next();
  metricsText().then(({ contentType, body }) => void res.type(contentType).send(body), next);
};

import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

/**
 * The metrics every part serves at GET /metrics (Prometheus text format). One set per process:
 * the parts a test starts in one process share it. Only counters, gauges and histograms, and
 * only labels with few values (doors, RPC and route names, codes, stream names): nothing per
 * user, conversation or message.
 */

/** Where a request came in. */
export type Door = 'grpc' | 'rest' | 'graphql' | 'http' | 'support';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let defaultsCollected = false;

/** Process metrics (CPU, memory, event-loop lag, GC, handles), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics();
}

export const requestsTotal = new Counter({
  name: 'charla_requests_total',
  help: 'Requests answered, by door, method (RPC, route or GraphQL root field) and outcome code.',
  labelNames: ['door', 'method', 'code'] as const,
});

export const requestSeconds = new Histogram({
  name: 'charla_request_duration_seconds',
  help: 'How long requests took to answer, by door and method.',
  labelNames: ['door', 'method'] as const,
  buckets: LATENCY_BUCKETS,
});

export const openSockets = new Gauge({
  name: 'charla_open_sockets',
  help: 'WebSockets open now, by door (graphql, support).',
  labelNames: ['door'] as const,
});

export const openSubscriptions = new Gauge({
  name: 'charla_subscriptions',
  help: 'GraphQL subscriptions running now, by field.',
  labelNames: ['field'] as const,
});

export const messagesStored = new Counter({
  name: 'charla_messages_stored_total',
  help: 'Messages stored (retries that found their first copy are not counted).',
});

export const groupCommitSends = new Histogram({
  name: 'charla_group_commit_sends',
  help: 'Sends stored together by one group commit.',
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
});

export const eventsStreamed = new Counter({
  name: 'charla_events_streamed_total',
  help: 'Events streamed: sent on WatchEvents by a service, received from a service by a gateway.',
  labelNames: ['stream'] as const,
});

export const eventStreamLagSeconds = new Histogram({
  name: 'charla_event_stream_lag_seconds',
  help: 'From an event committing to its being sent (services) or received (gateways).',
  labelNames: ['stream'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const eventStreamsOpen = new Gauge({
  name: 'charla_event_streams_open',
  help: 'WatchEvents streams open now: served (services) or followed (gateways).',
  labelNames: ['stream'] as const,
});

/** prom-client validates and hashes the labels on every call; the children, made once per label set, do not. */
const requestSeries = new Map<string, { count: { inc(): void }; seconds: { observe(value: number): void } }>();

/** A request that ended with `code`, started at `started` (process.hrtime.bigint()). */
export function countRequest(door: Door, method: string, code: string, started: bigint): void {
  const key = `${door}\n${method}\n${code}`;
  let series = requestSeries.get(key);
  if (!series) requestSeries.set(key, (series = { count: requestsTotal.labels(door, method, code), seconds: requestSeconds.labels(door, method) }));
  series.count.inc();
  series.seconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
}

const streamsOpen = new Map<string, number>();

/** A WatchEvents stream of `stream` opened; call the returned function once it closes. */
export function openEventStream(stream: string): () => void {
  eventStreamsOpen.inc({ stream });
  streamsOpen.set(stream, (streamsOpen.get(stream) ?? 0) + 1);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    eventStreamsOpen.dec({ stream });
    streamsOpen.set(stream, (streamsOpen.get(stream) ?? 1) - 1);
  };
}

/** How many WatchEvents streams of `stream` this process has open. */
export function openEventStreams(stream: string): number {
  return streamsOpen.get(stream) ?? 0;
}

/** One request, counted and timed when it ends. */
export function timeRequest(door: Door, method: string): (code: string) => void {
  const started = process.hrtime.bigint();
  return (code) => countRequest(door, method, code, started);
}

/** The newest event of each stream, for the console's status. */
export interface StreamPosition {
  lastEventAt: Date;
  lagMs: number;
}

const positions = new Map<string, StreamPosition>();
const streamSeries = new Map<string, { count: { inc(): void }; lag: { observe(value: number): void } }>();

/** An event sent or received on `stream`, committed at `occurredAt`. */
export function observeStreamedEvent(stream: string, occurredAt: Date | undefined): void {
  let series = streamSeries.get(stream);
  if (!series) streamSeries.set(stream, (series = { count: eventsStreamed.labels(stream), lag: eventStreamLagSeconds.labels(stream) }));
  series.count.inc();
  if (!occurredAt) return;
  const lagMs = Math.max(0, Date.now() - occurredAt.getTime());
  series.lag.observe(lagMs / 1000);
  positions.set(stream, { lastEventAt: occurredAt, lagMs });
}

/** The newest event seen on each stream of this process. */
export function streamPositions(): Record<string, StreamPosition> {
  return Object.fromEntries(positions);
}

/** The text GET /metrics answers, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  collectProcessMetrics();
  return { contentType: register.contentType, body: await register.metrics() };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header (HTTP) and metadata key (gRPC) a request id travels in. */
export const REQUEST_ID_HEADER = 'x-request-id';

const requests = new AsyncLocalStorage<string>();

/** The id of the request this code runs for, if it runs for one. */
export function currentRequestId(): string | undefined {
  return requests.getStore();
}

/** Runs `work` for the request `id`: its log lines, and the calls it makes to other parts, carry the id. */
export function withRequestId<T>(id: string, work: () => T): T {
  return requests.run(id, work);
}

/**
 * Runs `work` for no request: what it starts outlives the request that happened to start it (a
 * group commit's drain, a timer shared by many requests) and must not carry that one's id.
 */
export function outsideRequests<T>(work: () => T): T {
  return requests.exit(work);
}

/** The caller's id when it is a sane one (1–128 visible ASCII characters), otherwise a new one. */
export function requestIdFrom(given: unknown): string {
  if (typeof given === 'string' && /^[\x21-\x7e]{1,128}$/.test(given)) return given;
  return randomUUID();
}

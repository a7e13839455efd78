import type { IncomingMessage } from 'node:http';

/**
 * Browsers always send Origin on a WebSocket upgrade, and will happily send one to any site:
 * only the gateway's own origin and the configured ones may open sockets. A request with no
 * Origin header comes from a non-browser client, which cross-site attacks cannot drive.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const normalized = origin.replace(/\/$/, '');
  if (allowedOrigins.includes('*') || allowedOrigins.includes(normalized)) return true;
  // An Origin that is not a URL is no origin of ours.
  return URL.canParse(normalized) && new URL(normalized).host === request.headers.host;
}

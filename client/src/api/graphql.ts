/** GraphQL over HTTP: one function, one error type. */
import type { TypedDocumentString } from './generated';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; field?: string; fieldViolations?: { field: string; description: string }[]; [key: string]: unknown };
}

/** A request that did not succeed; `network` means it may succeed if sent again. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly network: boolean,
    readonly field?: string,
    readonly errors: GraphQLErrorShape[] = [],
  ) {
    super(message);
    this.name = 'RequestError';
  }

  /** The server's finer reason (`USERNAME_TAKEN`, `SEND_RATE_LIMITED`, …), when it gives one. */
  get reason(): string | undefined {
    const reason = this.errors[0]?.extensions?.reason;
    return typeof reason === 'string' ? reason : undefined;
  }

  /** Worth sending again unchanged after a pause: the network, a rate limit or a service restarting. */
  get transient(): boolean {
    return this.network || this.code === 'TOO_MANY_REQUESTS' || this.code === 'SERVICE_UNAVAILABLE';
  }
}

export const GRAPHQL_PATH = '/graphql';

/** Sends one operation from operations.graphql; its result and variables are typed by the document. */
export async function graphql<R, V>(document: TypedDocumentString<R, V>, variables: V, token?: string | null): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
  } catch {
    throw new RequestError('The server cannot be reached.', 'NETWORK', true);
  }
  // Gateways and proxies answer 502/503/504 while a part restarts: worth retrying, like a lost network.
  if (response.status >= 502 && response.status <= 504) throw new RequestError('The server is unavailable.', 'NETWORK', true);
  let payload: { data?: R | null; errors?: GraphQLErrorShape[] };
  try {
    payload = (await response.json()) as typeof payload;
  } catch {
    throw new RequestError(`Unexpected response (${response.status}).`, 'BAD_RESPONSE', response.status >= 500);
  }
  const first = payload.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    throw new RequestError(first.message, code, false, first.extensions?.field, payload.errors);
  }
  if (!payload.data) throw new RequestError('Empty response.', 'BAD_RESPONSE', false);
  return payload.data;
}

/** Services name fields in snake_case, sometimes under `input.`; forms use the GraphQL names. */
function formField(field: string): string {
  return field.replace(/^input\./, '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Every bad field's problem, keyed by the form field it belongs to ("Email is not a valid email address"). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof RequestError) || error.code !== 'BAD_USER_INPUT') return {};
  const byField: Record<string, string> = {};
  for (const e of error.errors) {
    const violations = e.extensions?.fieldViolations ?? (e.extensions?.field ? [{ field: e.extensions.field, description: e.message }] : []);
    for (const v of violations) {
      const field = formField(v.field);
      if (!(field in byField)) byField[field] = sentence(field, v.description);
    }
  }
  return byField;
}

function sentence(field: string, description: string): string {
  const label = field.replace(/([A-Z])/g, ' $1').toLowerCase();
  const text = description.toLowerCase().startsWith(label) ? description : `${label} ${description}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

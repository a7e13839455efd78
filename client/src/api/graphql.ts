/** GraphQL over HTTP: one function, one error type. */

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
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
}

export const GRAPHQL_PATH = '/graphql';

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new RequestError('The server cannot be reached.', 'NETWORK', true);
  }
  // Gateways and proxies answer 502/503/504 while a part restarts: worth retrying, like a lost network.
  if (response.status >= 502 && response.status <= 504) throw new RequestError('The server is unavailable.', 'NETWORK', true);
  let payload: { data?: T | null; errors?: GraphQLErrorShape[] };
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

/** Every BAD_USER_INPUT error's message, keyed by the field it names. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof RequestError)) return {};
  const byField: Record<string, string> = {};
  for (const e of error.errors) {
    const field = e.extensions?.field;
    if (typeof field === 'string' && !(field in byField)) byField[field.replace(/^input\./, '')] = e.message;
  }
  return byField;
}

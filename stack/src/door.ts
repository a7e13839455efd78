// A gateway as a client sees it over HTTP: GraphQL over fetch, and the account calls every
// test starts with. (Sockets stay with the callers that open them.)

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

/** What `register` sends when the caller does not say: the username as first name. */
export const PASSWORD = 'correct horse 1';

export interface RegisterInput {
  username: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  email?: string;
}

export interface Door {
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** The data of a query that must succeed; throws with the errors otherwise. */
  data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  register(input: string | RegisterInput): Promise<TestUser>;
  login(username: string, password: string): Promise<TestUser>;
}

const ACCOUNT = 'token user { id username }';

export function door(url: string): Door {
  const gql: Door['gql'] = async (query, variables = {}, token, headers = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    return { status: response.status, ...body } as GraphQLResponse<any>;
  };
  const data: Door['data'] = async (query, variables, token) => {
    const { status, data, errors } = await gql(query, variables, token);
    if (!data || errors?.length) throw new Error(`GraphQL failed (${status}): ${errors?.[0]?.message ?? 'no data'} ${JSON.stringify(errors ?? [])}`);
    return data as any;
  };
  const asUser = (response: GraphQLResponse, field: 'register' | 'login'): TestUser => {
    const payload = response.data?.[field];
    if (!payload) throw new Error(`${field} failed: ${JSON.stringify(response.errors)}`);
    return { id: payload.user.id, username: payload.user.username, token: payload.token };
  };
  return {
    url,
    wsUrl: `${url.replace('http', 'ws')}/graphql`,
    gql,
    data,
    register: async (input) => {
      const { username, ...fields } = typeof input === 'string' ? { username: input } : input;
      const account = { firstName: username, lastName: 'Test', username, password: PASSWORD, ...fields };
      return asUser(await gql(`mutation($input: RegisterInput!) { register(input: $input) { ${ACCOUNT} } }`, { input: account }), 'register');
    },
    login: async (username, password) =>
      asUser(await gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ${ACCOUNT} } }`, { u: username, p: password }), 'login'),
  };
}

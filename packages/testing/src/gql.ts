export interface GraphQLResponse<D = any> {
  status: number;
  data?: D;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/**
 * POSTs a GraphQL operation; `token` becomes `Authorization: Bearer`; `headers` are added as-is.
 * A response that is not GraphQL JSON (a 404 page, a proxy error) throws with its status and
 * the start of its body, because no assertion on `data` could explain it better.
 */
export async function gql<D = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<D>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
  const text = await response.text();
  let body: { data?: D | null; errors?: GraphQLResponse['errors'] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`gql: ${url} answered ${response.status} with a non-JSON body: ${text.slice(0, 300)}`);
  }
  const result: GraphQLResponse<D> = { status: response.status };
  if (body.data !== undefined && body.data !== null) result.data = body.data;
  if (body.errors !== undefined) result.errors = body.errors;
  return result;
}

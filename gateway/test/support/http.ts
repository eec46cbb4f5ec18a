/** A GraphQL-over-HTTP error body, as the gateway answers even before Apollo runs. */
export interface ErrorBody {
  data?: unknown;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function errorBody(response: Response): Promise<ErrorBody> {
  return (await response.json()) as ErrorBody;
}

/** The first error of a GraphQL error response (fails loudly when there is none). */
export async function firstError(response: Response): Promise<{ message: string; extensions: Record<string, unknown> }> {
  const body = await errorBody(response);
  const [first] = body.errors ?? [];
  if (!first) throw new Error(`expected a GraphQL error, got ${JSON.stringify(body)}`);
  return { message: first.message, extensions: first.extensions ?? {} };
}

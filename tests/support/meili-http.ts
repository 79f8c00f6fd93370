/** Plain HTTP against Meilisearch, as an attacker holding a token would do it: no SDK in the way. */
export interface MeiliResponse<T = any> {
  status: number;
  body: T;
}

export async function meiliRequest<T = any>(
  host: string,
  path: string,
  { token, method = "GET", body }: { token?: string; method?: string; body?: unknown } = {},
): Promise<MeiliResponse<T>> {
  const headers: Record<string, string> = { "Accept-Encoding": "identity" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${host}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export function search(host: string, token: string, indexUid: string, params: Record<string, unknown> = {}) {
  return meiliRequest(host, `/indexes/${indexUid}/search`, { token, method: "POST", body: { limit: 1000, ...params } });
}

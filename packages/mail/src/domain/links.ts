/**
 * An absolute link on the public origin (`AGORA_PUBLIC_URL`, which may carry a path prefix):
 * `publicLink(settings, '/account/verify-email', { token })`.
 */
export function publicLink(settings: { publicUrl: string }, path: string, query: Record<string, string> = {}): string {
  const base = settings.publicUrl.endsWith('/') ? settings.publicUrl : `${settings.publicUrl}/`;
  const url = new URL(path.replace(/^\/+/, ''), base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/** The http(s) links in a text (what the development file transport logs). */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}

/**
 * Helpers for the accounts end-to-end suite (issue #11): a platform whose public URL is its own
 * gateway (so every link in a mail is clickable as it stands), mailboxes over the two ways mail
 * leaves the platform (`.eml` files under `<DATA_DIR>/mail/` without SMTP_URL; a real SMTP server
 * with it), the links and tokens inside them, a client that says which IP it is (X-Forwarded-For
 * through a gateway that trusts loopback proxies) and the claims of an access token.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt, type JWTPayload } from 'jose';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SERVICES, startPlatform, type Platform } from '@agora/devstack';
import { freePort, gql, waitFor, type GraphQLResponse } from '@agora/testing';
import { ROOT_DIR, type Session } from './support';

// ── platform ────────────────────────────────────────────────────────────────────────────────

export interface AccountsPlatform {
  platform: Platform;
  /** `http://127.0.0.1:<port>/graphql`. */
  gatewayUrl: string;
  /** The gateway's origin, which is also AGORA_PUBLIC_URL: links in mail point here. */
  publicUrl: string;
  dataDir: string;
  /** The last lines the platform's processes wrote (start-up failures carry them already). */
  lines: string[];
  stop(): Promise<void>;
}

/**
 * Starts `services` (context names; the gateway is always added) as `npm start` runs them, on
 * ports chosen here so that AGORA_PUBLIC_URL can name the gateway's origin before it starts.
 */
export async function startAccountsPlatform(options: {
  services?: readonly string[];
  dataDir: string;
  natsUrl: string;
  env: Record<string, string>;
}): Promise<AccountsPlatform> {
  const services = SERVICES.filter((s) => s.kind === 'gateway' || !options.services || options.services.includes(s.name));
  const ports: Record<string, number> = {};
  for (const service of services) ports[service.name] = await freePort();
  const publicUrl = `http://127.0.0.1:${ports.gateway}`;
  const lines: string[] = [];
  let platform: Platform;
  try {
    platform = await startPlatform({
      rootDir: ROOT_DIR,
      services,
      ports,
      dataDir: options.dataDir,
      natsUrl: options.natsUrl,
      output: (service, line) => {
        lines.push(`[${service}] ${line}`);
        if (lines.length > 400) lines.shift();
      },
      readyTimeoutMs: 180_000,
      env: { LOG_LEVEL: 'warn', AGORA_PUBLIC_URL: publicUrl, ...options.env },
    });
  } catch (error) {
    throw new Error(`platform failed to start: ${(error as Error).message}\n${lines.slice(-60).join('\n')}`);
  }
  return {
    platform,
    gatewayUrl: platform.gatewayUrl,
    publicUrl,
    dataDir: options.dataDir,
    lines,
    stop: () => platform.stop(),
  };
}

// ── clients ─────────────────────────────────────────────────────────────────────────────────

export interface Client {
  /** Fails the test on any GraphQL error; returns `data`. */
  as<D = any>(who: Session | null, query: string, variables?: Record<string, unknown>): Promise<D>;
  /** The whole response, for expected errors. */
  raw(who: Session | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
}

/**
 * Operations through the gateway at `url()`; with `clientIp`, as a client at that address (sent
 * as X-Forwarded-For, which the gateway honours when GATEWAY_TRUST_PROXY trusts loopback).
 */
export function clientAt(url: () => string, clientIp?: string): Client {
  const headers: Record<string, string> = clientIp ? { 'x-forwarded-for': clientIp } : {};
  const raw = (who: Session | null, query: string, variables?: Record<string, unknown>) =>
    gql(url(), query, variables, who ? { token: who.accessToken, headers } : { headers });
  return {
    raw,
    async as<D = any>(who: Session | null, query: string, variables?: Record<string, unknown>): Promise<D> {
      const res = await raw(who, query, variables);
      if (res.errors) throw new Error(`${query.replace(/\s+/g, ' ').slice(0, 80)}… failed: ${JSON.stringify(res.errors)}`);
      return res.data as D;
    },
  };
}

/** `{ code, reason }` of a response's first error (what most refusals are asserted on). */
export function refusal(res: GraphQLResponse): { code: unknown; reason: unknown } | undefined {
  const error = res.errors?.[0];
  return error ? { code: error.extensions?.code, reason: error.extensions?.reason } : undefined;
}

/** The payload of an access token (no signature check: the gateway did that). */
export const tokenClaims = (accessToken: string): JWTPayload & Record<string, unknown> => decodeJwt(accessToken);

// ── operations ──────────────────────────────────────────────────────────────────────────────

export const SESSION_FIELDS = 'accessToken refreshToken expiresAt user { id username }';
export const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${SESSION_FIELDS} } }`;
export const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${SESSION_FIELDS} } }`;
export const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${SESSION_FIELDS} } }`;
export const VERIFY_EMAIL = `mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) { id email emailVerified } }`;
export const REQUEST_RESET = `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;
export const RESET_PASSWORD = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ${SESSION_FIELDS} } }`;
export const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ${SESSION_FIELDS} } }`;
export const START_OAUTH = `mutation($input: StartOAuthInput!) { startOAuth(input: $input) { authorizationUrl state } }`;
export const COMPLETE_OAUTH = `mutation($input: CompleteOAuthInput!) { completeOAuth(input: $input) { ${SESSION_FIELDS} } }`;
export const ME = '{ me { id username email emailVerified } }';
export const SETTINGS_FIELDS = 'emailOnFollow emailOnComment emailOnReaction emailOnMention digest';
export const MY_SETTINGS = `{ mySettings { ${SETTINGS_FIELDS} } }`;
export const UPDATE_SETTINGS = `mutation($input: UpdateSettingsInput!) { updateSettings(input: $input) { ${SETTINGS_FIELDS} } }`;
export const UNSUBSCRIBE = `mutation($input: UnsubscribeEmailInput!) { unsubscribeEmail(input: $input) }`;
export const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id body } }`;
export const ADD_COMMENT = `mutation($input: AddCommentInput!) { addComment(input: $input) { id body } }`;

/** An AuthPayload as the suite keeps it. */
export function sessionOf(payload: { accessToken: string; refreshToken: string; user: { id: string; username: string } }): Session {
  return { userId: payload.user.id, username: payload.user.username, accessToken: payload.accessToken, refreshToken: payload.refreshToken };
}

// ── mail ────────────────────────────────────────────────────────────────────────────────────

export interface Mail {
  /** Lowercased addresses of To. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header name (lowercase) → raw value(s), unfolded, as sent. */
  header(name: string): string[];
  parsed: ParsedMail;
}

export function toMail(parsed: ParsedMail): Mail {
  const addresses = ([] as AddressObject[]).concat(parsed.to ?? []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
  return {
    to: addresses,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    header: (name) =>
      parsed.headerLines
        .filter((h) => h.key.toLowerCase() === name.toLowerCase())
        .map((h) =>
          h.line
            .slice(h.line.indexOf(':') + 1)
            .replace(/\r?\n[ \t]+/g, ' ')
            .trim(),
        ),
    parsed,
  };
}

/** What has arrived so far, however it travelled. */
export interface Mailbox {
  all(): Promise<Mail[]>;
}

/** Every mail addressed to `address` (case-insensitive). */
export async function mailTo(box: Mailbox, address: string): Promise<Mail[]> {
  const lower = address.toLowerCase();
  return (await box.all()).filter((m) => m.to.includes(lower));
}

/** Waits until `address` has received at least `count` mails matching `match`; returns those. */
export async function waitForMailTo(
  box: Mailbox,
  address: string,
  options: { count?: number; match?: (mail: Mail) => boolean; what?: string; timeoutMs?: number } = {},
): Promise<Mail[]> {
  const count = options.count ?? 1;
  return waitFor(
    async () => {
      const mails = (await mailTo(box, address)).filter(options.match ?? (() => true));
      return mails.length >= count ? mails : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 100, message: `${options.what ?? 'mail'} to ${address}` },
  );
}

/**
 * Development mail: every `.eml` file under `<dataDir>/mail/` (any depth), parsed once per file.
 * The directory may not exist before the first mail.
 */
export function emlMailbox(dataDir: string): Mailbox & { files(): Promise<string[]> } {
  const root = join(dataDir, 'mail');
  const parsed = new Map<string, Mail>();
  const files = async (): Promise<string[]> => {
    try {
      const entries = await readdir(root, { recursive: true });
      return entries.filter((name) => name.endsWith('.eml')).map((name) => join(root, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  };
  return {
    files,
    async all() {
      for (const file of await files()) {
        if (parsed.has(file)) continue;
        // A file being written may not parse yet: it is read again on the next probe.
        const source = await readFile(file);
        const mail = toMail(await simpleParser(source));
        if (mail.to.length > 0 && mail.text.length > 0) parsed.set(file, mail);
      }
      return [...parsed.values()];
    },
  };
}

/** Mail that reached a real SMTP server (`startSmtpServer()` of `@agora/mail/testing`). */
export function smtpMailbox(server: { messages: ParsedMail[] }): Mailbox {
  return { all: async () => server.messages.map(toMail) };
}

/** Every link in a mail's text and HTML starting with `<publicUrl><path>`. */
export function linksIn(mail: Mail, publicUrl: string, path: string): URL[] {
  const prefix = `${publicUrl.replace(/\/$/, '')}${path}`;
  const found = new Map<string, URL>();
  const decode = (s: string) => s.replace(/&amp;/g, '&');
  for (const source of [mail.text, mail.html, ...mail.header('list-unsubscribe')]) {
    for (const match of source.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
      const href = decode(match[0]);
      if (href.startsWith(`${prefix}?`) || href === prefix) found.set(href, new URL(href));
    }
  }
  return [...found.values()];
}

/** The `token` of the one link to `<publicUrl><path>?token=…` the mail holds (several identical ones are one). */
export function tokenFromLink(mail: Mail, publicUrl: string, path: string): string {
  const tokens = new Set(linksIn(mail, publicUrl, path).map((u) => u.searchParams.get('token')));
  tokens.delete(null);
  if (tokens.size !== 1) {
    throw new Error(`expected one ${path}?token=… link in "${mail.subject}", found ${tokens.size}:\n${mail.text.slice(0, 1_000)}`);
  }
  return [...tokens][0]!;
}

// ── fallback pages ──────────────────────────────────────────────────────────────────────────

/** The first `<form>` of a page: where it posts and its named inputs (hidden ones included). */
export function formOf(html: string, pageUrl: string): { action: string; method: string; fields: Record<string, string> } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no <form> on ${pageUrl}: ${html.slice(0, 500)}`);
  const attr = (tag: string, name: string) => {
    const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
    return m ? unescapeHtml(m[2] ?? m[3] ?? m[4] ?? '') : undefined;
  };
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<(input|button)\b[^>]*>/gi)) {
    const name = attr(input[0], 'name');
    if (name !== undefined) fields[name] = attr(input[0], 'value') ?? '';
  }
  return {
    action: new URL(attr(form[1]!, 'action') ?? '', pageUrl).href,
    method: (attr(form[1]!, 'method') ?? 'get').toLowerCase(),
    fields,
  };
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/gi, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

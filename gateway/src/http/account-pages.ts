import type { Logger } from '@agora/service-kit';
import type { ApolloServer } from '@apollo/server';
import express, { type Request, type Response, type Router } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestBudget } from '../limits/request-budget';
import type { GatewayContext } from '../subgraphs/gateway-context';

/**
 * Fallback pages for the links in mail (`AGORA_PUBLIC_URL` points at the gateway unless a front
 * end serves them): confirm an email, reset a password, unsubscribe from a kind of mail.
 *
 * GET never uses the token — mail scanners and link previews fetch links — it shows a form that
 * POSTs it back; the POST runs the mutation through the gateway's own schema (same validation,
 * limits, error formatting and subgraph routing as /graphql, with this request's client IP) and
 * shows the outcome. `/notifications/unsubscribe` also takes RFC 8058 one-click POSTs
 * (`List-Unsubscribe=One-Click`, the token in the URL). Tokens travel in URLs, so the pages are
 * `no-store`, send no Referer, load nothing (CSP `default-src 'none'`) and only post to
 * themselves. Everything shown is HTML-escaped; a password is never echoed.
 */

/** The outcome of an operation, as /graphql would answer it (errors already formatted). */
export interface PageOperationResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs an operation as the anonymous client of `req`; undefined while the gateway is not ready. */
export type PageOperationExecutor = (
  req: Request,
  res: Response,
  operation: { query: string; variables: Record<string, unknown> },
) => Promise<PageOperationResult | undefined>;

export interface AccountPagesOptions {
  execute: PageOperationExecutor;
  logger: Logger;
  /** The gateway's per-IP budget: each POST takes a point, like a /graphql operation. */
  budget?: RequestBudget;
  clientIpOf?: (req: Request) => string | null;
}

export const ACCOUNT_PAGE_PATHS = {
  verifyEmail: '/account/verify-email',
  resetPassword: '/account/reset-password',
  unsubscribe: '/notifications/unsubscribe',
} as const;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

const MAX_TOKEN_LENGTH = 512;
const PASSWORD = { min: 8, max: 128 };

const VERIFY_EMAIL = `mutation AccountPageVerifyEmail($token: String!) { verifyEmail(input: { token: $token }) { id emailVerified } }`;
// The new session resetPassword returns is not taken: this page signs nobody in.
const RESET_PASSWORD = `mutation AccountPageResetPassword($token: String!, $newPassword: String!) { resetPassword(input: { token: $token, newPassword: $newPassword }) { __typename } }`;
const UNSUBSCRIBE = `mutation AccountPageUnsubscribe($token: String!) { unsubscribeEmail(input: { token: $token }) }`;

/** Friendlier words for the reasons these pages expect; anything else shows the GraphQL message. */
const FRIENDLY: Record<string, string> = {
  'IDENTITY.VERIFICATION_TOKEN_INVALID':
    'This confirmation link is not valid any more: it was already used, it expired (links last 24 hours) or a newer one was sent. Sign in to ask for a new one.',
  'IDENTITY.RESET_TOKEN_INVALID':
    'This password reset link is not valid any more: it was already used, it expired (links last 1 hour) or a newer one was sent. Ask for a new password reset.',
  'NOTIFICATIONS.UNSUBSCRIBE_TOKEN_INVALID':
    'This unsubscribe link is not valid. Use the link of a recent email, or change your settings after signing in.',
};

/** Wraps the gateway's ApolloServer: `executeOperation` runs the full request pipeline (plugins, limits, formatError). */
export function apolloPageExecutor(
  apollo: () => ApolloServer<GatewayContext> | undefined,
  clientIpOf: (req: Request) => string | null,
): PageOperationExecutor {
  return async (req, res, operation) => {
    const server = apollo();
    if (!server) return undefined;
    const response = await server.executeOperation(operation, {
      contextValue: { viewer: null, requestId: String(res.locals.requestId ?? ''), clientIp: clientIpOf(req) },
    });
    if (response.body.kind !== 'single') throw new Error('account pages: unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    return { data: (data as Record<string, unknown> | null | undefined) ?? null, ...(errors ? { errors } : {}) };
  };
}

/** The three pages; mount with `app.use(accountPages(...))` before the catch-all handlers. */
export function accountPages(options: AccountPagesOptions): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });
  const paths = Object.values(ACCOUNT_PAGE_PATHS);

  router.use(paths, (_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  router.post(paths, (req, res, next) => {
    if (!options.budget || !options.clientIpOf) return next();
    options.budget.take(options.clientIpOf(req)).then((refusal) => {
      if (!refusal) return next();
      res.setHeader('retry-after', String(refusal.retryAfter));
      sendPage(res, 429, {
        title: 'Too many requests',
        body: paragraph(`Too many requests from your network. Try again in ${refusal.retryAfter} seconds.`),
      });
    }, next);
  });
  router.post(paths, form);

  /** Runs the mutation; answers the error page itself and returns undefined on failure. */
  const run = async (
    req: Request,
    res: Response,
    query: string,
    variables: Record<string, unknown>,
    onFieldError?: (error: GraphQLFormattedError) => boolean,
  ) => {
    let result: PageOperationResult | undefined;
    try {
      result = await options.execute(req, res, { query, variables });
    } catch (error) {
      options.logger.error({ err: error, path: req.path }, 'account page: operation failed');
      sendPage(res, 500, { title: 'Something went wrong', body: paragraph('Something went wrong on our side. Try again in a moment.') });
      return undefined;
    }
    if (!result) {
      res.setHeader('retry-after', '1');
      sendPage(res, 503, { title: 'Starting up', body: paragraph('The service is starting. Try again in a moment.') });
      return undefined;
    }
    const [error] = result.errors ?? [];
    if (!error) return result.data ?? {};
    if (onFieldError?.(error)) return undefined;
    sendError(res, error);
    return undefined;
  };

  // ── Confirm an email
  router.get(ACCOUNT_PAGE_PATHS.verifyEmail, (req, res) => {
    const token = tokenOf(req.query.token);
    if (!token) return sendIncompleteLink(res);
    sendPage(res, 200, {
      title: 'Confirm your email',
      body:
        paragraph('Confirm that this email address belongs to your Agora account.') +
        postForm('verify-email', token, '', 'Confirm my email'),
    });
  });
  router.post(ACCOUNT_PAGE_PATHS.verifyEmail, async (req, res) => {
    const token = tokenOf(bodyField(req, 'token') ?? req.query.token);
    if (!token) return sendIncompleteLink(res);
    if (!(await run(req, res, VERIFY_EMAIL, { token }))) return;
    sendPage(res, 200, {
      title: 'Email confirmed',
      body:
        paragraph('Thank you: your email address is confirmed.') +
        paragraph('If you are signed in elsewhere, refresh or sign in again there for it to take effect.'),
    });
  });

  // ── Reset a password
  const resetForm = (res: Response, status: number, token: string, problem?: string) =>
    sendPage(res, status, {
      title: 'Choose a new password',
      body:
        (problem ? `<p role="alert" style="${ALERT}">${escapeHtml(problem)}</p>` : '') +
        paragraph(
          `Choose a new password for your Agora account (${PASSWORD.min} to ${PASSWORD.max} characters). Every session is signed out.`,
        ) +
        postForm(
          'reset-password',
          token,
          passwordField('newPassword', 'New password') + passwordField('confirmPassword', 'Repeat the new password'),
          'Set the new password',
        ),
    });
  router.get(ACCOUNT_PAGE_PATHS.resetPassword, (req, res) => {
    const token = tokenOf(req.query.token);
    if (!token) return sendIncompleteLink(res);
    resetForm(res, 200, token);
  });
  router.post(ACCOUNT_PAGE_PATHS.resetPassword, async (req, res) => {
    const token = tokenOf(bodyField(req, 'token') ?? req.query.token);
    if (!token) return sendIncompleteLink(res);
    const newPassword = bodyField(req, 'newPassword') ?? '';
    const confirm = bodyField(req, 'confirmPassword');
    if (confirm !== undefined && confirm !== newPassword) return resetForm(res, 400, token, 'The two passwords are not the same.');
    const ok = await run(req, res, RESET_PASSWORD, { token, newPassword }, (error) => {
      // A bad password (not the token) keeps the form: the link still works.
      if (error.extensions?.field !== 'newPassword') return false;
      resetForm(res, 400, token, error.message);
      return true;
    });
    if (!ok) return;
    sendPage(res, 200, {
      title: 'Password changed',
      body: paragraph('Your password is changed and every session was signed out.') + paragraph('Sign in with your new password.'),
    });
  });

  // ── Unsubscribe (also RFC 8058 one-click)
  router.get(ACCOUNT_PAGE_PATHS.unsubscribe, (req, res) => {
    const token = tokenOf(req.query.token);
    if (!token) return sendIncompleteLink(res);
    sendPage(res, 200, {
      title: 'Unsubscribe',
      body: paragraph('Stop receiving this kind of email from Agora?') + postForm('unsubscribe', token, '', 'Unsubscribe'),
    });
  });
  router.post(ACCOUNT_PAGE_PATHS.unsubscribe, async (req, res) => {
    // One-click: `List-Unsubscribe=One-Click` in the body, the token in the URL of the List-Unsubscribe header.
    const token = tokenOf(bodyField(req, 'token') ?? req.query.token);
    if (!token) return sendIncompleteLink(res);
    if (!(await run(req, res, UNSUBSCRIBE, { token }))) return;
    sendPage(res, 200, {
      title: 'Unsubscribed',
      body:
        paragraph('Done: you will not receive this kind of email any more.') +
        paragraph('You can turn it back on in your notification settings.'),
    });
  });

  return router;
}

function tokenOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH ? value : undefined;
}

function bodyField(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function statusFor(error: GraphQLFormattedError): number {
  switch (error.extensions?.code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}

function sendError(res: Response, error: GraphQLFormattedError): void {
  const reason = typeof error.extensions?.reason === 'string' ? error.extensions.reason : undefined;
  const retryAfter = typeof error.extensions?.retryAfter === 'number' ? error.extensions.retryAfter : undefined;
  const status = statusFor(error);
  if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
  const text =
    (reason && FRIENDLY[reason]) ??
    (status === 429 && retryAfter !== undefined ? `Too many attempts. Try again in ${retryAfter} seconds.` : error.message);
  sendPage(res, status, {
    title: status === 429 ? 'Too many attempts' : 'That did not work',
    body:
      `<p role="alert" style="${ALERT}">${escapeHtml(text)}</p>` +
      (reason ? `<p style="${SMALL}">Reason: <code>${escapeHtml(reason)}</code></p>` : ''),
  });
}

function sendIncompleteLink(res: Response): void {
  sendPage(res, 400, {
    title: 'Incomplete link',
    body: paragraph(
      'This link is incomplete: it has no token. Open the link from the email again, or copy all of it into the address bar.',
    ),
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const ALERT = 'margin:0 0 16px;padding:12px;border-radius:6px;background:#fff1f0;color:#a40e26;line-height:1.5';
const SMALL = 'margin:0 0 16px;font-size:13px;color:#57606a';
const BUTTON = `padding:10px 18px;border:none;border-radius:6px;background:#2563eb;color:#fff;font-size:16px;font-weight:600;cursor:pointer;${FONT}`;
const INPUT =
  'display:block;width:100%;box-sizing:border-box;margin:4px 0 16px;padding:8px;font-size:16px;border:1px solid #d0d7de;border-radius:6px';

function paragraph(text: string): string {
  return `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(text)}</p>`;
}

/** A form posting to this same page (relative action, so a path prefix in front of the gateway still works). */
function postForm(action: string, token: string, fields: string, submit: string): string {
  return (
    `<form method="post" action="${escapeHtml(action)}">` +
    `<input type="hidden" name="token" value="${escapeHtml(token)}">` +
    fields +
    `<button type="submit" style="${BUTTON}">${escapeHtml(submit)}</button></form>`
  );
}

function passwordField(name: string, label: string): string {
  return (
    `<label style="display:block;font-weight:600">${escapeHtml(label)}` +
    `<input type="password" name="${name}" required minlength="${PASSWORD.min}" maxlength="${PASSWORD.max}" autocomplete="new-password" style="${INPUT}"></label>`
  );
}

function sendPage(res: Response, status: number, page: { title: string; body: string }): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(page.title)} · Agora</title>
</head>
<body style="margin:0;padding:24px 12px;background:#f6f8fa;color:#1f2328;${FONT}">
<main style="max-width:480px;margin:0 auto;padding:32px;background:#fff;border:1px solid #d0d7de;border-radius:8px">
<p style="margin:0 0 24px;font-size:14px;font-weight:700;letter-spacing:0.08em;text-transform:uppercase;color:#2563eb">Agora</p>
<h1 style="margin:0 0 16px;font-size:22px">${escapeHtml(page.title)}</h1>
${page.body}
</main>
</body>
</html>
`,
    );
}

/** The parts of a transactional mail; `renderMail` turns them into plain text and HTML. */
export interface MailMessage {
  /** Short text mail clients show next to the subject (hidden in the HTML body). */
  preheader?: string;
  heading: string;
  paragraphs: string[];
  /** A button in HTML; in the plain text, the label and the raw link on its own line. */
  action?: { label: string; url: string };
  /** Small print under a rule (why the mail was sent, how to stop it). */
  footer?: string[];
}

export interface RenderedMail {
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Only http(s) links become buttons: a `javascript:` or `data:` URL is never rendered as a link. */
function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/**
 * Plain text + HTML of a mail. Every piece of text is HTML-escaped; the HTML uses inline styles
 * only and loads nothing (no images, fonts or style sheets), so it reads the same in every client
 * and with remote content blocked. The plain text carries the raw link for clients without HTML.
 */
export function renderMail(message: MailMessage): RenderedMail {
  const action = message.action && isWebUrl(message.action.url) ? message.action : undefined;
  if (message.action && !action) throw new Error(`renderMail: the action URL must be http(s): ${message.action.url}`);
  const footer = message.footer ?? [];

  const textParts = [message.heading, ...message.paragraphs];
  if (action) textParts.push(`${action.label}:\n${action.url}`);
  if (footer.length > 0) textParts.push(['--', ...footer].join('\n'));
  const text = `${textParts.join('\n\n')}\n`;

  const paragraphs = message.paragraphs
    .map((p) => `<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:#1f2328">${escapeHtml(p)}</p>`)
    .join('\n');
  const button = action
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px"><tr><td style="border-radius:6px;background:#2563eb">` +
      `<a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 20px;${FONT};font-size:16px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a>` +
      `</td></tr></table>\n` +
      `<p style="margin:0 0 16px;font-size:13px;line-height:20px;color:#57606a">If the button does not work, copy this link into your browser:<br><a href="${escapeHtml(action.url)}" style="color:#2563eb;word-break:break-all">${escapeHtml(action.url)}</a></p>`
    : '';
  const footerHtml =
    footer.length > 0
      ? `<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 16px">\n` +
        footer.map((line) => `<p style="margin:0 0 8px;font-size:12px;line-height:18px;color:#57606a">${escapeHtml(line)}</p>`).join('\n')
      : '';
  const preheader = message.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;opacity:0">${escapeHtml(message.preheader)}</div>\n`
    : '';

  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(message.heading)}</title>
</head>
<body style="margin:0;padding:0;background:#f6f8fa">
${preheader}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f8fa"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px"><tr><td style="padding:32px;${FONT}">
<p style="margin:0 0 24px;font-size:14px;font-weight:700;letter-spacing:0.08em;text-transform:uppercase;color:#2563eb">Agora</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:30px;color:#1f2328">${escapeHtml(message.heading)}</h1>
${paragraphs}
${button}
${footerHtml}
</td></tr></table>
</td></tr></table>
</body>
</html>
`;
  return { text, html };
}

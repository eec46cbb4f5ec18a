import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMail } from './rendering';

const message = {
  preheader: 'Confirm <your> address',
  heading: 'Welcome, <b>ada</b> & co',
  paragraphs: ['Click "below" to confirm.', "It's valid for 24 hours."],
  action: { label: 'Confirm my email', url: 'http://localhost:4000/account/verify-email?token=abc&x="1"' },
  footer: ['You got this because someone registered with this address.'],
};

describe('renderMail', () => {
  it('puts the heading, paragraphs, the action label with its raw link, and the footer in the plain text', () => {
    const { text } = renderMail(message);
    expect(text).toBe(
      [
        'Welcome, <b>ada</b> & co',
        '',
        'Click "below" to confirm.',
        '',
        "It's valid for 24 hours.",
        '',
        'Confirm my email:',
        'http://localhost:4000/account/verify-email?token=abc&x="1"',
        '',
        '--',
        'You got this because someone registered with this address.',
        '',
      ].join('\n'),
    );
  });

  it('escapes every piece of text in the HTML, including the link in attributes', () => {
    const { html } = renderMail(message);
    expect(html).not.toContain('<b>ada</b>');
    expect(html).toContain('Welcome, &lt;b&gt;ada&lt;/b&gt; &amp; co');
    expect(html).toContain('Click &quot;below&quot; to confirm.');
    expect(html).toContain('It&#39;s valid');
    expect(html).toContain('Confirm &lt;your&gt; address');
    expect(html).toContain('href="http://localhost:4000/account/verify-email?token=abc&amp;x=&quot;1&quot;"');
    expect(html).toContain('>Confirm my email</a>');
  });

  it('loads nothing: inline styles only, no images, style sheets, scripts or other links', () => {
    const { html } = renderMail(message);
    expect(html).not.toMatch(/<(img|link|script|style|iframe)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(hrefs)).toEqual(new Set([escapeHtml(message.action.url)]));
  });

  it('renders without an action or footer', () => {
    const { text, html } = renderMail({ heading: 'Hi', paragraphs: ['One.'] });
    expect(text).toBe('Hi\n\nOne.\n');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<hr');
  });

  it('refuses an action that is not an http(s) link', () => {
    expect(() => renderMail({ heading: 'Hi', paragraphs: [], action: { label: 'Go', url: 'javascript:alert(1)' } })).toThrow(/http\(s\)/);
  });
});

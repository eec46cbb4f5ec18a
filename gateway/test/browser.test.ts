import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// CI installs chromium (.ci/run), so there a missing browser is a failure, never a skip.
const skipBrowser = !haveChromium && !process.env.CI;
if (skipBrowser) {
  // Loud on purpose: a skipped browser test must not look like a passing one.
  console.warn(`SKIPPING gateway browser smoke test: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

describe.skipIf(skipBrowser)('gateway in a real browser (chromium)', () => {
  let h: GatewayHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startGatewayHarness();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('opening / lands on the Sandbox page for /graphql, which names that endpoint', async () => {
    const page = await browser.newPage();
    // Sandbox's app comes from Apollo's CDN, unreachable here: fail those requests fast.
    await page.route('https://**/*', (route) => route.abort());
    const response = await page.goto(h.url.replace(/graphql$/, ''));
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(h.url);
    // Our page ran in the browser: its inline script set the endpoint Sandbox would use.
    expect(await page.evaluate(() => (globalThis as { initialEndpoint?: string }).initialEndpoint)).toBe(h.url);
    // Without the CDN, the page shows its offline fallback rather than a blank screen.
    await expect.poll(() => page.locator('.fallback').innerText()).toContain('Apollo Sandbox cannot be loaded');
    await page.close();
  });
});

import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '@agora/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

describe('gateway in a real browser (chromium)', () => {
  let h: GatewayHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startGatewayHarness();
    // A missing browser fails the test (npm test installs it; so does .ci/run), never skips it.
    browser = await chromium.launch(chromiumLaunchOptions());
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

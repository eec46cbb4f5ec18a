/**
 * Issue #10's "Done when": a real browser (headless Chromium through playwright-core) on a page of
 * the gateway's origin subscribes over WebSocket (graphql-ws, graphql-transport-ws — what Apollo
 * Client's GraphQLWsLink and Sandbox speak) and over SSE (graphql-sse, distinct connections) and
 * shows a FOLLOWED notification live, with the follower's display name, on both.
 *
 * Sandbox's own UI comes from Apollo's CDN, unreachable here, so the page is a small one of ours:
 * the browser asks the gateway's origin for /realtime-test.html and the two clients' UMD builds,
 * and playwright answers those three requests from this file and node_modules; every other
 * request (the WebSocket upgrade, the SSE POST) reaches the real gateway.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@agora/devstack';
import { chromiumLaunchOptions, startNats, tempDir, waitFor, type NatsServer, type TempDir } from '@agora/testing';
import { CREATE_POST, FOLLOW, UPDATE_PROFILE } from './realtime-support';
import { newPerson, operationsAt, register, startTestPlatform, waitForProfile, type Session } from './support';

const require = createRequire(import.meta.url);
/** The UMD builds of the two clients, as a browser app would load them. */
const umd = (pkg: string, file: string): string => readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), 'umd', file), 'utf8');

const PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Agora realtime test page</title>
    <script src="/realtime-test/graphql-ws.js"></script>
    <script src="/realtime-test/graphql-sse.js"></script>
  </head>
  <body>
    <h1>Notifications</h1>
    <h2>WebSocket</h2>
    <ul id="ws"></ul>
    <h2>SSE</h2>
    <ul id="sse"></ul>
    <script>
      const QUERY = 'subscription Live { notificationAdded { id kind actor { username displayName } } }';
      function render(list, result) {
        const item = document.createElement('li');
        if (result && result.data) {
          const n = result.data.notificationAdded;
          item.dataset.kind = n.kind;
          item.textContent = n.kind + ' from ' + n.actor.displayName;
        } else {
          item.className = 'error';
          item.textContent = 'error: ' + JSON.stringify(result && (result.errors || result.message || result.code || result));
        }
        document.getElementById(list).append(item);
      }
      // graphql-ws reports a closed socket as a CloseEvent, graphql-sse a failed request as an Error.
      const describe = (e) => (e && e.code !== undefined ? 'closed ' + e.code + ' ' + e.reason : e instanceof Error ? e.message : e);
      const sink = (list) => ({ next: (r) => render(list, r), error: (e) => render(list, { errors: describe(e) }), complete: () => {} });
      window.startLive = (token) => {
        const ws = graphqlWs.createClient({
          url: location.origin.replace(/^http/, 'ws') + '/graphql',
          connectionParams: { authorization: 'Bearer ' + token },
          retryAttempts: 0,
        });
        ws.subscribe({ query: QUERY }, sink('ws'));
        const sse = graphqlSse.createClient({
          url: location.origin + '/graphql/stream',
          singleConnection: false,
          headers: { authorization: 'Bearer ' + token },
          retryAttempts: 0,
        });
        sse.subscribe({ query: QUERY }, sink('sse'));
      };
    </script>
  </body>
</html>`;

describe('realtime in a real browser (chromium): a FOLLOWED notification shows live over WebSocket and SSE', () => {
  let nats: NatsServer;
  let data: TempDir;
  let platform: Platform;
  let browser: Browser;
  let url: string;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  const displayName = `Alice In Chromium ${Date.now().toString(36)}`;
  const { as } = operationsAt(() => url);

  beforeAll(async () => {
    // npm test and .ci/run install it; a missing browser is a failure, never a silent skip.
    const launchOptions = chromiumLaunchOptions([
      // The page is fulfilled by playwright, so it has no network address: Chromium's Local
      // Network Access would class it as public and block its WebSocket and fetch to
      // 127.0.0.1 (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS). A page the gateway served
      // itself from loopback is local and never blocked, which is what this lets us model.
      '--disable-features=LocalNetworkAccessChecks',
    ]);
    data = await tempDir('agora-e2e-realtime-browser-');
    nats = await startNats();
    [platform, browser] = await Promise.all([startTestPlatform({ dataDir: data.path, natsUrl: nats.url }), chromium.launch(launchOptions)]);
    url = platform.gatewayUrl;
    const people = await Promise.all(['alice', 'bob', 'carol'].map((p) => register(url, newPerson(p))));
    [alice, bob, carol] = people as [Session, Session, Session];
    await Promise.all([alice, bob, carol].map((s) => waitForProfile(url, s.username, 60_000)));
    await as(alice, UPDATE_PROFILE, { input: { displayName } });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await nats?.stop();
    await data?.remove();
  });

  async function openPage(): Promise<Page> {
    const origin = new URL(url).origin;
    const page = await browser.newPage();
    const scripts: Record<string, string> = {
      [`${origin}/realtime-test/graphql-ws.js`]: umd('graphql-ws', 'graphql-ws.js'),
      [`${origin}/realtime-test/graphql-sse.js`]: umd('graphql-sse', 'graphql-sse.js'),
    };
    await page.route(`${origin}/realtime-test.html`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE }),
    );
    for (const [scriptUrl, body] of Object.entries(scripts)) {
      await page.route(scriptUrl, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body }));
    }
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await page.goto(`${origin}/realtime-test.html`);
    expect(response?.status()).toBe(200);
    expect(
      await page.evaluate(() => typeof (globalThis as any).graphqlWs?.createClient + typeof (globalThis as any).graphqlSse?.createClient),
    ).toBe('functionfunction');
    expect(pageErrors).toEqual([]);
    return page;
  }

  const items = (page: Page, list: 'ws' | 'sse') => page.locator(`#${list} li`).allInnerTexts();
  /** The notifications the page rendered in a list; throws when it rendered an error there. */
  const notificationsShown = async (page: Page, list: 'ws' | 'sse'): Promise<string[]> => {
    const errors = await page.locator(`#${list} li.error`).allInnerTexts();
    if (errors.length > 0) throw new Error(`the page's ${list} subscription failed: ${errors.join('; ')}`);
    return page.locator(`#${list} li[data-kind]`).allInnerTexts();
  };

  it("shows the follower's FOLLOWED notification with their display name on both transports", async () => {
    const page = await openPage();
    await page.evaluate((token) => (globalThis as any).startLive(token), bob.accessToken);

    // carol's mentions of bob until both lists show one: both subscriptions are registered.
    for (let attempt = 1; ; attempt += 1) {
      await as(carol, CREATE_POST, { input: { body: `hey @${bob.username} (${attempt})` } });
      const shown = await waitFor(
        async () => (await notificationsShown(page, 'ws')).length > 0 && (await notificationsShown(page, 'sse')).length > 0,
        { timeoutMs: 5_000, intervalMs: 50 },
      ).catch(async (error: Error) => {
        // A failed subscription will not heal: stop at once with what the page shows.
        await notificationsShown(page, 'ws');
        await notificationsShown(page, 'sse');
        if (!error.message.includes('timed out')) throw error;
        return false;
      });
      if (shown) break;
      if (attempt === 6)
        throw new Error(
          `the page never showed a notification: ws ${JSON.stringify(await items(page, 'ws'))}, sse ${JSON.stringify(await items(page, 'sse'))}`,
        );
    }
    for (const list of ['ws', 'sse'] as const) {
      const shown = await items(page, list);
      expect(
        shown.filter((text) => !text.startsWith('MENTIONED from ')),
        `${list}: ${JSON.stringify(shown)}`,
      ).toEqual([]);
    }

    await as(alice, FOLLOW, { id: bob.userId });
    const expected = `FOLLOWED from ${displayName}`;
    for (const list of ['ws', 'sse'] as const) {
      await expect.poll(() => items(page, list), { timeout: 20_000, message: `#${list} shows alice's FOLLOWED` }).toContain(expected);
      expect(await page.locator(`#${list} li.error`).count()).toBe(0);
    }
    await page.close();
  });
});

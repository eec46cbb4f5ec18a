import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package puts the browser (.ci/run installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launch options for playwright-core's `chromium.launch` (structural: no playwright import here):
 * the system Chromium, headless, without the background traffic a test has no use for. Throws
 * when the browser is missing — a browser test fails then, it is never silently skipped.
 */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): { executablePath: string; args: string[] } {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  }
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  };
}

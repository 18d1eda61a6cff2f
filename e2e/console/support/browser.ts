import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { REPO_ROOT, waitFor } from '@orderflow/testing';

/** Where the page screenshots go (git-ignored): look at them after a run. */
export const SCREENSHOTS = join(REPO_ROOT, '.artifacts/console');

/** The machine's chromium (Debian's package; .ci/run installs it): the browser tests need a real one. */
function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'chromium is not installed, so the console cannot be tested in a browser: ' +
        'sudo apt-get install -y --no-install-recommends chromium (.ci/run installs it)',
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // No sandbox (CI containers run as root); nothing in the background competing for two cores.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh tab (its own session storage, so signed out) on the console, 1280 px wide unless told. */
export async function openConsole(browser: Browser, baseURL: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width, height: 900 } });
  return context.newPage();
}

/** Signs in on the sign-in page as a user does, and waits for the main navigation. */
export async function signIn(page: Page, key: string, at = '/'): Promise<void> {
  await page.goto(at);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav[aria-label=Main]').waitFor();
}

/** The titles of the links in the main navigation. */
export function navLinks(page: Page): Promise<string[]> {
  return page.locator('nav[aria-label=Main]').getByRole('link').allInnerTexts();
}

/** Saves the page, whole, as .artifacts/console/<name>.png once nothing on it is loading any more. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await waitFor(`${name} loaded`, async () => (await page.locator('.loading').count()) === 0, { timeoutMs: 15_000 });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until a locator's text passes `accept` (the page updates itself: it fetches, polls, streams); returns the text. */
export async function textSoon(locator: Locator, accept: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const shown = await waitFor(
    `${locator} to show the expected text`,
    async () => {
      const text = ((await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? '').trim();
      return accept(text) ? { text } : Promise.reject(new Error(`shows "${text}"`));
    },
    { timeoutMs, intervalMs: 150 },
  );
  return shown.text;
}

/** Waits until the page holds exactly `count` elements matching the locator. */
export function countSoon(locator: Locator, count: number, timeoutMs = 30_000): Promise<true> {
  return waitFor(
    `${locator} to match ${count} element(s)`,
    async () => {
      const n = await locator.count();
      return n === count || Promise.reject(new Error(`matches ${n}`));
    },
    { timeoutMs, intervalMs: 150 },
  );
}

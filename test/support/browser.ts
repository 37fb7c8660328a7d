import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return fs.existsSync(CHROMIUM_PATH)
    ? undefined
    : `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}

/** Headless Debian Chromium, with its background traffic to the internet switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** `app` served on a free loopback port, and Chromium to visit it; `stop` closes the browser, then the app. */
export async function serveToBrowser(app: FastifyInstance): Promise<{ origin: string; browser: Browser; stop: () => Promise<void> }> {
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  return {
    origin,
    browser,
    stop: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/**
 * axe-core's WCAG 2.2 AA violations on the page once it has loaded, one line each (selector included). A click
 * that submits a form returns before the next page's scripts run; judged then, the header's navigation has not yet
 * moved the links that do not fit into its "More" menu, and they overflow the header.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * A browser context that lets requests reach Assure at `origin` only: any other is refused and recorded
 * in `outsideRequests`, so a test can assert that no page sends anything elsewhere.
 */
export async function loopbackContext(browser: Browser, origin: string, outsideRequests: string[], javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  return context;
}

/** Signs in through the sign-in page, as a person would, and waits for the home page. */
export async function signInThroughPage(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/`);
}

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { PdfUnavailableError } from './pdf-unavailable-error.ts';

/** A cold start takes about 0.3 s; far longer means Chromium is stuck, not slow. */
const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * Headless Chromium for a container (root, no GPU, small /dev/shm), which cannot reach any network even if a page
 * route were bypassed: every host name fails to resolve and every connection, loopback included, is sent to a
 * proxy on the discard port, where nothing listens. Playwright already turns off first-run pages, extensions,
 * sync and background updates; they are repeated here because Debian's wrapper script adds flags of its own.
 */
export const PDF_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-sync',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  // Text is laid out the same way on every machine, so the same HTML always breaks into the same pages.
  '--font-render-hinting=none',
];

export async function launchPdfChromium(chromiumPath: string): Promise<Browser> {
  try {
    await access(chromiumPath, constants.X_OK);
  } catch {
    throw new PdfUnavailableError(
      `Chromium is not installed at ${chromiumPath}: install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH to where it is`,
    );
  }
  try {
    return await chromium.launch({ executablePath: chromiumPath, args: [...PDF_CHROMIUM_ARGS], timeout: LAUNCH_TIMEOUT_MS });
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new PdfUnavailableError(`Chromium at ${chromiumPath} did not start: ${reason}`, { cause: error });
  }
}

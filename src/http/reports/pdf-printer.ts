import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchPdfChromium } from './pdf-chromium.ts';
import { EMPTY_HEADER_TEMPLATE, footerTemplate, PDF_MARGIN } from './pdf-page-layout.ts';
import { PdfUnavailableError } from './pdf-unavailable-error.ts';

export { writeFileAtomically } from './pdf-file.ts';
export { PdfUnavailableError } from './pdf-unavailable-error.ts';

export interface PrintRequest {
  /** A self-contained document: styles and charts inline. Anything it would fetch is blocked. */
  readonly html: string;
  /** The PDF's title, which readers show instead of the file name; it replaces the document's own `<title>`. */
  readonly title: string;
  /** Shown in every page footer beside "Page N of M", e.g. "NHS England · Annual assessment 2026/27 · NHS Airedale CCG". */
  readonly footerLabel: string;
}

export interface PdfPrinter {
  print(request: PrintRequest): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PdfPrinterOptions {
  /** Defaults to `CHROMIUM_PATH`, then `/usr/bin/chromium`. */
  readonly chromiumPath?: string;
  /** Documents printing at once, each on its own page; default 2, one per core of a small server. */
  readonly pages?: number;
  /** The most one document may take once it has a page, default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Told of every request a document tried to make, all of which were refused. */
  readonly onBlockedRequest?: (url: string) => void;
}

const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
const DEFAULT_PAGES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;

/** A page in a context of its own, so that a time-out or a crash takes nothing else down when it is closed. */
interface PrintingPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly hasCrashed: () => boolean;
}

async function openPrintingPage(browser: Browser, onBlockedRequest: ((url: string) => void) | undefined): Promise<PrintingPage> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('about:')) return route.continue();
    onBlockedRequest?.(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  let crashed = false;
  page.once('crash', () => {
    crashed = true;
  });
  return { browser, context, page, hasCrashed: () => crashed };
}

async function renderPdf(page: Page, request: PrintRequest, timeoutMs: number): Promise<Uint8Array> {
  await page.setContent(request.html, { waitUntil: 'load', timeout: timeoutMs });
  // Runs in DevTools' own world, which a context without JavaScript still allows; the document's scripts stay off.
  await page.evaluate((title) => {
    (globalThis as unknown as { document: { title: string } }).document.title = title;
  }, request.title);
  return page.pdf({
    format: 'A4',
    printBackground: true,
    tagged: true,
    outline: true,
    displayHeaderFooter: true,
    headerTemplate: EMPTY_HEADER_TEMPLATE,
    footerTemplate: footerTemplate(request.footerLabel),
    margin: PDF_MARGIN,
  });
}

function describeSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toLocaleString('en-GB', { maximumFractionDigits: 3 })} s`;
}

class ChromiumPdfPrinter implements PdfPrinter {
  readonly #chromiumPath: string;
  readonly #pageLimit: number;
  readonly #timeoutMs: number;
  readonly #onBlockedRequest: ((url: string) => void) | undefined;
  #browser: Promise<Browser> | undefined;
  #closed = false;
  #openPages = 0;
  readonly #idlePages: PrintingPage[] = [];
  readonly #waitingForPage: (() => void)[] = [];
  readonly #closingPages = new Set<Promise<void>>();

  constructor(options: PdfPrinterOptions) {
    this.#chromiumPath = options.chromiumPath ?? process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM_PATH;
    this.#pageLimit = options.pages ?? DEFAULT_PAGES;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#onBlockedRequest = options.onBlockedRequest;
    if (!Number.isInteger(this.#pageLimit) || this.#pageLimit < 1) throw new RangeError(`pages must be a whole number of at least 1, not ${this.#pageLimit}`);
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be more than 0, not ${this.#timeoutMs}`);
  }

  async print(request: PrintRequest): Promise<Uint8Array> {
    const printing = await this.#takePage();
    let reusable = false;
    try {
      const bytes = await this.#printWithinTimeLimit(printing, request);
      reusable = true;
      return bytes;
    } finally {
      this.#givePageBack(printing, reusable);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#waitingForPage.splice(0)) wake();
    const launching = this.#browser;
    this.#browser = undefined;
    this.#idlePages.length = 0;
    const browser = await launching?.catch(() => undefined);
    // Discarded pages go down with the browser; waiting for them means nothing of this printer outlives close().
    await browser?.close();
    await Promise.allSettled([...this.#closingPages]);
  }

  /** The running browser, launched on first use and again after it crashed. */
  #currentBrowser(): Promise<Browser> {
    if (this.#browser !== undefined) return this.#browser;
    const launching = launchPdfChromium(this.#chromiumPath);
    this.#browser = launching;
    const forget = (): void => {
      if (this.#browser === launching) this.#browser = undefined;
    };
    launching.then((browser) => browser.on('disconnected', forget), forget);
    return launching;
  }

  async #takePage(): Promise<PrintingPage> {
    for (;;) {
      this.#refuseIfClosed();
      const launching = this.#currentBrowser();
      const browser = await launching;
      this.#refuseIfClosed();
      if (!browser.isConnected()) {
        // It died before Playwright told us; launch a new one rather than fail this document.
        if (this.#browser === launching) this.#browser = undefined;
        continue;
      }
      const idle = this.#takeIdlePage(browser);
      if (idle !== undefined) return idle;
      if (this.#openPages < this.#pageLimit) return this.#openPage(browser);
      await new Promise<void>((resolve) => this.#waitingForPage.push(resolve));
    }
  }

  #refuseIfClosed(): void {
    if (this.#closed) throw new PdfUnavailableError('The PDF printer has been closed');
  }

  #takeIdlePage(browser: Browser): PrintingPage | undefined {
    for (let printing = this.#idlePages.pop(); printing !== undefined; printing = this.#idlePages.pop()) {
      if (printing.browser === browser && !printing.hasCrashed() && !printing.page.isClosed()) return printing;
      this.#discard(printing);
    }
    return undefined;
  }

  async #openPage(browser: Browser): Promise<PrintingPage> {
    this.#openPages += 1;
    try {
      return await openPrintingPage(browser, this.#onBlockedRequest);
    } catch (error) {
      this.#openPages -= 1;
      this.#wakeOneWaiting();
      throw browser.isConnected() ? error : this.#crashed('while opening a page', error);
    }
  }

  #givePageBack(printing: PrintingPage, reusable: boolean): void {
    if (reusable && !this.#closed && printing.browser.isConnected()) this.#idlePages.push(printing);
    else this.#discard(printing);
    this.#wakeOneWaiting();
  }

  /** Closing the context is what cancels a page still busy with a document that ran out of time. */
  #discard(printing: PrintingPage): void {
    this.#openPages -= 1;
    const closing = printing.context.close().catch(() => undefined);
    this.#closingPages.add(closing);
    void closing.finally(() => this.#closingPages.delete(closing));
  }

  #wakeOneWaiting(): void {
    this.#waitingForPage.shift()?.();
  }

  async #printWithinTimeLimit(printing: PrintingPage, request: PrintRequest): Promise<Uint8Array> {
    const work = renderPdf(printing.page, request, this.#timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timeLimit = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timed out');
      }, this.#timeoutMs);
    });
    try {
      const outcome = await Promise.race([work, timeLimit]);
      if (outcome === 'timed out') {
        // The page is discarded, which makes `work` fail; nobody is left to hear it.
        work.catch(() => undefined);
        throw new PdfUnavailableError(`"${request.title}" took longer than the ${describeSeconds(this.#timeoutMs)} time limit to print`);
      }
      return outcome;
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw error;
      if (this.#closed) throw new PdfUnavailableError(`The PDF printer was closed while printing "${request.title}"`, { cause: error });
      if (isPlaywrightTimeout(error)) {
        throw new PdfUnavailableError(`"${request.title}" took longer than the ${describeSeconds(this.#timeoutMs)} time limit to print`, { cause: error });
      }
      if (printing.hasCrashed() || !printing.browser.isConnected()) throw this.#crashed(`while printing "${request.title}"`, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  #crashed(when: string, cause: unknown): PdfUnavailableError {
    return new PdfUnavailableError(`Chromium (${this.#chromiumPath}) crashed ${when}; the next document starts a new one`, { cause });
  }
}

function isPlaywrightTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * A printer that turns self-contained HTML reports into tagged A4 PDFs with a bookmark per heading. Chromium is
 * launched on the first print and kept for every document after, with a few pages reused in turn; without
 * JavaScript or any network, a report can only show what its HTML holds.
 */
export function openPdfPrinter(options: PdfPrinterOptions = {}): PdfPrinter {
  return new ChromiumPdfPrinter(options);
}

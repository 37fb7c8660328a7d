import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { StructTreeNode } from 'pdfjs-dist/types/src/display/api.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { launchBrowser } from './browser.ts';

/** pdf.js takes the bytes over (it detaches their buffer), so it gets a copy and the caller keeps the PDF. */
async function withPdf<T>(bytes: Uint8Array, use: (pdf: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    return await use(pdf);
  } finally {
    await pdf.destroy();
  }
}

/** The text of every page, in page order, a line per text run that ends a line. */
export function pdfText(bytes: Uint8Array): Promise<string> {
  return withPdf(bytes, async (pdf) => {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const content = await (await pdf.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages.join('\n');
  });
}

export function pdfPageCount(bytes: Uint8Array): Promise<number> {
  return withPdf(bytes, async (pdf) => pdf.numPages);
}

/** The title a reader shows in its title bar, from the document information dictionary. */
export function pdfTitle(bytes: Uint8Array): Promise<string | undefined> {
  return withPdf(bytes, async (pdf) => {
    const { info } = await pdf.getMetadata();
    return 'Title' in info && typeof info.Title === 'string' ? info.Title : undefined;
  });
}

interface OutlineNode {
  readonly title: string;
  readonly items: readonly OutlineNode[];
}

/** The bookmarks, depth first, as a reader's sidebar lists them when fully open. */
export function pdfOutlineTitles(bytes: Uint8Array): Promise<string[]> {
  const flatten = (nodes: readonly OutlineNode[]): string[] => nodes.flatMap((node) => [node.title, ...flatten(node.items)]);
  return withPdf(bytes, async (pdf) => flatten(await pdf.getOutline()));
}

/** Whether a screen reader gets structure (headings, paragraphs) rather than a bag of positioned text. */
export function isTaggedPdf(bytes: Uint8Array): Promise<boolean> {
  return withPdf(bytes, async (pdf) => {
    const markInfo = await pdf.getMarkInfo();
    if (markInfo?.Marked === true) return true;
    // Typed as always there, but null when the PDF has no StructTreeRoot.
    const structure = (await (await pdf.getPage(1)).getStructTree()) as StructTreeNode | null;
    return structure !== null;
  });
}

const RENDER_ORIGIN = 'http://pdf-render.invalid';
const PDFJS_BUILD_FOLDER = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'build');

/**
 * Draws page 1 on a canvas, the way a reader shows it, and measures how much of the page is not white. pdf.js runs
 * in the main thread so that no worker has to be fetched; the off-white threshold tolerates anti-aliasing only.
 */
const RENDER_PAGE = `<!doctype html><html><body><canvas></canvas><script type="module">
import * as pdfjs from '/pdf.mjs';
import * as worker from '/pdf.worker.mjs';
globalThis.pdfjsWorker = worker;
window.inkShare = (async () => {
  const data = new Uint8Array(await (await fetch('/document.pdf')).arrayBuffer());
  const pdf = await pdfjs.getDocument({ data }).promise;
  const page = await pdf.getPage(1);
  const viewport = page.getViewport({ scale: 1 });
  const canvas = document.querySelector('canvas');
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  await page.render({ canvas, canvasContext: context, viewport }).promise;
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    if (pixels[index] < 240 || pixels[index + 1] < 240 || pixels[index + 2] < 240) inked += 1;
  }
  return inked / (pixels.length / 4);
})();
</script></body></html>`;

/** The share (0–1) of page 1's pixels that are not white, rendered by pdf.js in Chromium; nothing is saved. */
export async function renderFirstPageInk(bytes: Uint8Array, browser?: Browser): Promise<number> {
  const renderingBrowser = browser ?? (await launchBrowser());
  const context = await renderingBrowser.newContext();
  try {
    await context.route('**/*', async (route) => {
      const { origin, pathname } = new URL(route.request().url());
      if (origin !== RENDER_ORIGIN) return route.abort();
      if (pathname === '/') return route.fulfill({ contentType: 'text/html', body: RENDER_PAGE });
      if (pathname === '/document.pdf') return route.fulfill({ contentType: 'application/pdf', body: Buffer.from(bytes) });
      if (pathname === '/pdf.mjs' || pathname === '/pdf.worker.mjs') {
        return route.fulfill({ contentType: 'text/javascript', path: join(PDFJS_BUILD_FOLDER, pathname.slice(1)) });
      }
      return route.fulfill({ status: 404 });
    });
    const page = await context.newPage();
    await page.goto(`${RENDER_ORIGIN}/`);
    return await page.evaluate<number>('window.inkShare');
  } finally {
    await context.close();
    if (browser === undefined) await renderingBrowser.close();
  }
}

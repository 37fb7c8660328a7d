import { openPdfPrinter } from '../../src/http/reports/pdf-printer.ts';

/**
 * The baseline: milliseconds to print one document with a Chromium started for it and closed after, which
 * is what a printer without a kept browser would pay for every report. A kept browser is measured against this.
 */
export async function printOnePageWithFreshChromium(html: string): Promise<number> {
  const start = performance.now();
  const printer = openPdfPrinter({ pages: 1 });
  try {
    await printer.print({ html, title: 'Baseline', footerLabel: 'Baseline' });
  } finally {
    await printer.close();
  }
  return performance.now() - start;
}

import { gzipSync } from 'node:zlib';

// A rendered page kept in memory and sent again, as the oversight dashboard is: its layout's indentation is
// squeezed out once, and its gzip encoding is made once, on the first request that accepts it, so that sending
// it again costs neither a render nor a compression, and a tenth of the bytes for a browser.

/** Whitespace between two tags, which the browser renders as one space at most. */
const BETWEEN_TAGS = />\s+</g;

export class KeptPage {
  readonly html: string;
  #gzipped: Buffer | undefined;

  constructor(html: string) {
    // Only where no element keeps its whitespace as written.
    this.html = /<(pre|textarea)\b/i.test(html) ? html : html.replace(BETWEEN_TAGS, '>\n<');
  }

  gzipped(): Buffer {
    this.#gzipped ??= gzipSync(this.html);
    return this.#gzipped;
  }
}

/** Whether an Accept-Encoding header allows gzip: named (or `*`) with a quality above 0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  const qualities = new Map(
    header.split(',').map((part) => {
      const [coding = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const quality = parameters.find((parameter) => parameter.startsWith('q='));
      return [coding, quality === undefined ? 1 : Number(quality.slice(2))] as const;
    }),
  );
  const quality = qualities.get('gzip') ?? qualities.get('x-gzip') ?? qualities.get('*') ?? 0;
  return Number.isFinite(quality) && quality > 0;
}

// A scanner for the tags of HTML that Assure's own templates wrote: where each start and end tag is and what its
// attributes say, with the exact position of every attribute value. Rewriting then replaces only those spans, so
// the rest of each page stays byte for byte as the server rendered it (a DOM round trip would re-serialise it).

export interface HtmlAttribute {
  /** Lower case. */
  readonly name: string;
  /** With character references decoded. */
  readonly value: string;
  /** The raw value's span in the source, quotes excluded; -1 for an attribute written without a value. */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export type HtmlTag =
  | { readonly kind: 'start'; readonly name: string; readonly start: number; readonly end: number; readonly attributes: readonly HtmlAttribute[] }
  | { readonly kind: 'end'; readonly name: string; readonly start: number; readonly end: number };

// Elements whose content is text, never tags: scanning inside them would take `<` in a script for a tag.
const TEXT_ONLY = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

export const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, reference: string) => {
    if (reference.startsWith('#')) {
      const code = reference[1] === 'x' || reference[1] === 'X' ? Number.parseInt(reference.slice(2), 16) : Number.parseInt(reference.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[reference] ?? whole;
  });
}

export function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const isSpace = (char: string | undefined): boolean => char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\f';

function readName(html: string, from: number, stop: RegExp): number {
  let index = from;
  while (index < html.length && !stop.test(html[index] ?? '')) index += 1;
  return index;
}

function skipSpace(html: string, from: number): number {
  let index = from;
  while (isSpace(html[index])) index += 1;
  return index;
}

function readStartTag(html: string, start: number): { tag: HtmlTag; next: number } {
  const nameEnd = readName(html, start + 1, /[\s/>]/);
  const name = html.slice(start + 1, nameEnd).toLowerCase();
  const attributes: HtmlAttribute[] = [];
  let index = nameEnd;
  for (;;) {
    index = skipSpace(html, index);
    if (html[index] === '/') {
      index += 1;
      continue;
    }
    if (index >= html.length || html[index] === '>') break;
    const attributeEnd = readName(html, index + 1, /[\s/>=]/);
    const attributeName = html.slice(index, attributeEnd).toLowerCase();
    index = skipSpace(html, attributeEnd);
    if (html[index] !== '=') {
      attributes.push({ name: attributeName, value: '', valueStart: -1, valueEnd: -1 });
      continue;
    }
    index = skipSpace(html, index + 1);
    const quote = html[index];
    let valueStart: number;
    let valueEnd: number;
    if (quote === '"' || quote === "'") {
      valueStart = index + 1;
      valueEnd = html.indexOf(quote, valueStart);
      if (valueEnd === -1) valueEnd = html.length;
      index = valueEnd + 1;
    } else {
      valueStart = index;
      valueEnd = readName(html, index, /[\s>]/);
      index = valueEnd;
    }
    attributes.push({ name: attributeName, value: decodeCharacterReferences(html.slice(valueStart, valueEnd)), valueStart, valueEnd });
  }
  const end = Math.min(index + 1, html.length);
  return { tag: { kind: 'start', name, start, end, attributes }, next: end };
}

/** Every start and end tag, in order; comments, doctypes and the content of text-only elements are passed over. */
export function scanTags(html: string): HtmlTag[] {
  const tags: HtmlTag[] = [];
  let index = html.indexOf('<');
  while (index !== -1 && index < html.length) {
    const next = html[index + 1] ?? '';
    let resume: number;
    if (html.startsWith('<!--', index)) {
      const close = html.indexOf('-->', index + 4);
      resume = close === -1 ? html.length : close + 3;
    } else if (next === '!' || next === '?') {
      const close = html.indexOf('>', index);
      resume = close === -1 ? html.length : close + 1;
    } else if (next === '/' && /[a-zA-Z]/.test(html[index + 2] ?? '')) {
      const nameEnd = readName(html, index + 2, /[\s/>]/);
      const close = html.indexOf('>', nameEnd);
      resume = close === -1 ? html.length : close + 1;
      tags.push({ kind: 'end', name: html.slice(index + 2, nameEnd).toLowerCase(), start: index, end: resume });
    } else if (/[a-zA-Z]/.test(next)) {
      const { tag, next: after } = readStartTag(html, index);
      tags.push(tag);
      resume = after;
      if (TEXT_ONLY.has(tag.name)) {
        const closing = new RegExp(`</${tag.name}`, 'gi');
        closing.lastIndex = after;
        resume = closing.exec(html)?.index ?? html.length;
      }
    } else {
      resume = index + 1;
    }
    index = html.indexOf('<', resume);
  }
  return tags;
}

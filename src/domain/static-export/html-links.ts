import { escapeAttribute, type HtmlAttribute, type HtmlTag, scanTags, VOID_ELEMENTS } from './html-tags.ts';
import { applyEdits, type Edit } from './text-edits.ts';

// The links of a page: found to crawl them, then rewritten to where the export keeps their targets.

/** What becomes of one link: a new address, left as it is, or taken out (it leads nowhere in the export). */
export type LinkFate = { readonly href: string } | 'unchanged' | 'remove';

/**
 * Decides a link's fate. `navigation` is true for links a visitor follows (a and area elements), false for the
 * resources a page loads (stylesheets, scripts, images), which the export always carries.
 */
export type LinkDecision = (raw: string, navigation: boolean) => LinkFate;

export interface PageLink {
  readonly raw: string;
  readonly navigation: boolean;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'data', 'xlink:href', 'srcset']);

const isNavigation = (tag: string, attribute: string): boolean => (tag === 'a' || tag === 'area') && attribute === 'href';

function srcsetCandidates(value: string): { url: string; descriptor: string }[] {
  return value
    .split(',')
    .map((candidate) => candidate.trim())
    .filter((candidate) => candidate !== '')
    .map((candidate) => {
      const [url = '', ...descriptor] = candidate.split(/\s+/);
      return { url, descriptor: descriptor.join(' ') };
    });
}

function attributeUrls(tag: string, attribute: HtmlAttribute): PageLink[] {
  const navigation = isNavigation(tag, attribute.name);
  if (attribute.name !== 'srcset') return [{ raw: attribute.value, navigation }];
  return srcsetCandidates(attribute.value).map((candidate) => ({ raw: candidate.url, navigation }));
}

function linkAttributes(tag: HtmlTag): HtmlAttribute[] {
  return tag.kind === 'start' ? tag.attributes.filter((attribute) => URL_ATTRIBUTES.has(attribute.name) && attribute.valueStart !== -1) : [];
}

function nextEndTag(tags: readonly HtmlTag[], from: number, name: string): number {
  for (let index = from + 1; index < tags.length; index += 1) if (tags[index]?.kind === 'end' && tags[index]?.name === name) return index;
  return -1;
}

/** Forms, which a static copy cannot answer: each one's span from its start tag to its end tag. */
function formSpans(tags: readonly HtmlTag[]): { first: number; last: number }[] {
  const spans: { first: number; last: number }[] = [];
  for (let index = 0; index < tags.length; index += 1) {
    if (tags[index]?.kind !== 'start' || tags[index]?.name !== 'form') continue;
    const last = nextEndTag(tags, index, 'form');
    spans.push({ first: index, last: last === -1 ? index : last });
    if (last !== -1) index = last;
  }
  return spans;
}

/** Every link of the page outside its forms (which the export replaces), in order. */
export function pageLinks(html: string): PageLink[] {
  const tags = scanTags(html);
  const inForm = new Set(formSpans(tags).flatMap(({ first, last }) => Array.from({ length: last - first + 1 }, (_, offset) => first + offset)));
  return tags.flatMap((tag, index) => (inForm.has(index) || tag.kind !== 'start' ? [] : linkAttributes(tag).flatMap((attribute) => attributeUrls(tag.name, attribute))));
}

const isBlank = (text: string): boolean => text.trim() === '';

/**
 * Taking out an element whose link leads out of the export. A list item that is nothing but the link goes
 * (a navigation or footer entry); any other link keeps its words as plain text; a loaded resource goes.
 */
function removal(html: string, tags: readonly HtmlTag[], index: number): { edits: Edit[]; resume: number } {
  const tag = tags[index];
  if (tag === undefined) return { edits: [], resume: 0 };
  if (VOID_ELEMENTS.has(tag.name) || tag.name === 'area') return { edits: [{ start: tag.start, end: tag.end, text: '' }], resume: tag.end };
  const endIndex = nextEndTag(tags, index, tag.name);
  const endTag = tags[endIndex];
  if (endTag === undefined) return { edits: [{ start: tag.start, end: tag.end, text: '' }], resume: tag.end };
  if (tag.name !== 'a') return { edits: [{ start: tag.start, end: endTag.end, text: '' }], resume: endTag.end };
  const before = tags[index - 1];
  const after = tags[endIndex + 1];
  if (
    before?.kind === 'start' &&
    before.name === 'li' &&
    after?.kind === 'end' &&
    after.name === 'li' &&
    isBlank(html.slice(before.end, tag.start)) &&
    isBlank(html.slice(endTag.end, after.start))
  ) {
    return { edits: [{ start: before.start, end: after.end, text: '' }], resume: after.end };
  }
  return {
    edits: [
      { start: tag.start, end: tag.end, text: '<span>' },
      { start: endTag.start, end: endTag.end, text: '</span>' },
    ],
    resume: tag.end,
  };
}

function decideAttribute(tag: string, attribute: HtmlAttribute, decide: LinkDecision): LinkFate {
  const navigation = isNavigation(tag, attribute.name);
  if (attribute.name !== 'srcset') return decide(attribute.value, navigation);
  const candidates = srcsetCandidates(attribute.value).map((candidate) => ({ ...candidate, fate: decide(candidate.url, navigation) }));
  if (candidates.some((candidate) => candidate.fate === 'remove')) return 'remove';
  if (candidates.every((candidate) => candidate.fate === 'unchanged')) return 'unchanged';
  return {
    href: candidates.map(({ url, descriptor, fate }) => [typeof fate === 'object' ? fate.href : url, descriptor].filter((part) => part !== '').join(' ')).join(', '),
  };
}

/** The note that stands where a form was. */
export function formNoteHtml(note: string): string {
  return `<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>${escapeAttribute(note)}</p></div>`;
}

/**
 * The page with every link decided: addresses replaced in place, links out of the export taken out, and each
 * form replaced by `formNote`, since a static server cannot answer it. Nothing else of the page changes.
 */
export function rewritePage(html: string, decide: LinkDecision, formNote: string): string {
  const tags = scanTags(html);
  const forms = new Map(formSpans(tags).map((span) => [span.first, span.last]));
  const edits: Edit[] = [];
  let resume = 0;
  for (const [index, tag] of tags.entries()) {
    if (tag.start < resume || tag.kind !== 'start') continue;
    const formEnd = forms.get(index);
    if (formEnd !== undefined) {
      const end = tags[formEnd]?.end ?? tag.end;
      edits.push({ start: tag.start, end, text: formNoteHtml(formNote) });
      resume = end;
      continue;
    }
    const own: Edit[] = [];
    let removed = false;
    for (const attribute of linkAttributes(tag)) {
      const fate = decideAttribute(tag.name, attribute, decide);
      if (fate === 'remove') {
        const taken = removal(html, tags, index);
        edits.push(...taken.edits);
        resume = taken.resume;
        removed = true;
        break;
      }
      if (fate !== 'unchanged') own.push({ start: attribute.valueStart, end: attribute.valueEnd, text: escapeAttribute(fate.href) });
    }
    if (!removed) edits.push(...own);
  }
  return applyEdits(html, edits);
}

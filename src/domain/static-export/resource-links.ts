import { type LinkDecision, pageLinks, type PageLink, rewritePage } from './html-links.ts';
import { applyEdits, type Edit } from './text-edits.ts';

// Links inside the resources a page loads: url() and @import in stylesheets, import specifiers and the source
// map in scripts, icons in a web manifest. All are resources the page needs, never navigation.

export type ResourceKind = 'page' | 'stylesheet' | 'script' | 'manifest' | 'file';

/** How a fetched resource is read: by its media type, and a web manifest by its name (it is served as JSON). */
export function resourceKind(key: string, contentType: string): ResourceKind {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const pathname = key.split('?')[0] ?? key;
  if (media === 'text/html') return 'page';
  if (media === 'text/css') return 'stylesheet';
  if (media === 'text/javascript' || media === 'application/javascript') return 'script';
  if (media === 'application/manifest+json' || pathname.endsWith('.webmanifest') || pathname.endsWith('/manifest.json')) return 'manifest';
  return 'file';
}

interface Found {
  readonly url: string;
  readonly start: number;
  readonly end: number;
}

function matches(text: string, pattern: RegExp, group: number): Found[] {
  return [...text.matchAll(pattern)].flatMap((match) => {
    const url = match[group];
    if (url === undefined || match.indices?.[group] === undefined) return [];
    const [start, end] = match.indices[group];
    return [{ url, start, end }];
  });
}

const CSS_URL = /url\(\s*(['"]?)([^'")\s]+)\1\s*\)/dg;
const CSS_IMPORT = /@import\s+(['"])([^'"]+)\1/dg;
// Only specifiers that are addresses: bare package names are not resolved by browsers without an import map.
const SCRIPT_IMPORT = /\b(?:from|import)\s*\(?\s*(['"])((?:\/|\.\/|\.\.\/)[^'"]*)\1/dg;
const SOURCE_MAP = /\/\/[#@] sourceMappingURL=(\S+)/dg;

function textLinks(kind: 'stylesheet' | 'script', text: string): Found[] {
  const found = kind === 'stylesheet' ? [...matches(text, CSS_URL, 2), ...matches(text, CSS_IMPORT, 2)] : [...matches(text, SCRIPT_IMPORT, 2), ...matches(text, SOURCE_MAP, 1)];
  return found.filter((link) => !link.url.startsWith('data:'));
}

function manifestIcons(text: string): string[] {
  const manifest = JSON.parse(text) as { icons?: { src?: unknown }[] };
  return (manifest.icons ?? []).flatMap((icon) => (typeof icon.src === 'string' ? [icon.src] : []));
}

/** The links to follow from a resource of this kind; files (downloads, images, fonts) have none. */
export function resourceLinks(kind: ResourceKind, text: string): PageLink[] {
  switch (kind) {
    case 'page':
      return pageLinks(text);
    case 'stylesheet':
    case 'script':
      return textLinks(kind, text).map((link) => ({ raw: link.url, navigation: false }));
    case 'manifest':
      return manifestIcons(text).map((raw) => ({ raw, navigation: false }));
    case 'file':
      return [];
  }
}

function rewriteText(kind: 'stylesheet' | 'script', text: string, decide: LinkDecision): string {
  const edits: Edit[] = textLinks(kind, text).flatMap((link) => {
    const fate = decide(link.url, false);
    return typeof fate === 'object' ? [{ start: link.start, end: link.end, text: fate.href }] : [];
  });
  return applyEdits(text, edits);
}

function rewriteManifest(text: string, decide: LinkDecision): string {
  const manifest = JSON.parse(text) as { icons?: { src?: unknown }[] };
  let changed = false;
  for (const icon of manifest.icons ?? []) {
    if (typeof icon.src !== 'string') continue;
    const fate = decide(icon.src, false);
    if (typeof fate === 'object') {
      icon.src = fate.href;
      changed = true;
    }
  }
  return changed ? `${JSON.stringify(manifest, null, 2)}\n` : text;
}

/** The resource with its links decided; undefined for files, which are written exactly as they were served. */
export function rewriteResource(kind: ResourceKind, text: string, decide: LinkDecision, formNote: string): string | undefined {
  switch (kind) {
    case 'page':
      return rewritePage(text, decide, formNote);
    case 'stylesheet':
    case 'script':
      return rewriteText(kind, text, decide);
    case 'manifest':
      return rewriteManifest(text, decide);
    case 'file':
      return undefined;
  }
}

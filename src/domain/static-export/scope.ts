import { resourceKey, SITE_ORIGIN, siteUrl } from './site-paths.ts';

/**
 * What a static export holds. Pages and files reached by following links from the entry page are exported when
 * `navigable` says so; stylesheets, scripts, images and the other resources a page loads are always exported,
 * since the page needs them to look as it does. A link to a page outside the scope is taken out of the export.
 */
export interface ExportScope {
  /** The key of the first page, and of the page the export's own index.html opens. */
  readonly entry: string;
  /** Keys the export answers with another page: the live site's front pages become the entry page. */
  readonly aliases: ReadonlyMap<string, string>;
  readonly navigable: (url: URL) => boolean;
}

/** Where a link points, once resolved against the resource it appears in. */
export type LinkTarget =
  /** Another site, another scheme (mailto:, data:) or a fragment of the same page: left as it is. */
  | { readonly kind: 'elsewhere' }
  | { readonly kind: 'site'; readonly key: string; readonly hash: string };

export function resolveLink(raw: string, baseKey: string, scope: ExportScope): LinkTarget {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'elsewhere' };
  let url: URL;
  try {
    url = new URL(trimmed, siteUrl(baseKey));
  } catch {
    return { kind: 'elsewhere' };
  }
  if (url.origin !== SITE_ORIGIN) return { kind: 'elsewhere' };
  const key = resourceKey(url);
  return { kind: 'site', key: scope.aliases.get(key) ?? key, hash: url.hash };
}

export function isNavigable(scope: ExportScope, key: string): boolean {
  return scope.navigable(siteUrl(key));
}

const underOrAt = (pathname: string, prefix: string): boolean => pathname === prefix || pathname.startsWith(`${prefix}/`);

/**
 * The public site of one published round: its pages and downloads, its published year-end documents, compare
 * pages for that round, the data dictionary and its framework version's pages, and the static assets. Other rounds, sign-in, the organisation
 * registry and the API stay on the live service. The home page and /scorecard (the latest round, on the live
 * site) become this round's page: in the export, this round is the scorecard.
 */
export function publishedRoundScope(roundId: string, frameworkVersionId: string): ExportScope {
  const roundPath = `/scorecard/rounds/${encodeURIComponent(roundId)}`;
  const frameworkPath = `/frameworks/${frameworkVersionId}`;
  // The round's published year-end documents, which its pages link (not the list of them, a staff page).
  const documentsPrefix = `/reports/${encodeURIComponent(roundId)}/`;
  return {
    entry: roundPath,
    aliases: new Map([
      ['/', roundPath],
      ['/scorecard', roundPath],
    ]),
    navigable: (url) => {
      const pathname = safeDecode(url.pathname);
      if (underOrAt(url.pathname, roundPath)) return true;
      if (url.pathname === '/scorecard/compare') return url.searchParams.get('round') === roundId;
      if (url.pathname === '/scorecard/data-dictionary') return url.search === '';
      if (url.pathname.startsWith(documentsPrefix)) return url.search === '';
      if (pathname !== undefined && underOrAt(pathname, frameworkPath)) return true;
      return url.pathname.startsWith('/static/') || url.pathname.startsWith('/assets/');
    },
  };
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

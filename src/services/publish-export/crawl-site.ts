import { type SiteResource } from '../../domain/static-export/export-files.ts';
import { resourceKind, resourceLinks } from '../../domain/static-export/resource-links.ts';
import { type ExportScope, isNavigable, resolveLink } from '../../domain/static-export/scope.ts';

/** One GET on the live site, as an anonymous visitor: the key is a path and query. */
export type SiteFetcher = (key: string) => Promise<{ readonly status: number; readonly contentType: string; readonly body: Uint8Array }>;

/** A page of the live site answered other than 200 OK: exported as it is, it would be a broken link. */
export class SiteCrawlError extends Error {
  override readonly name = 'SiteCrawlError';
}

// Far above any round's site (about 450 resources for 209 CCGs): a bound that stops a link loop, not a quota.
const MOST_RESOURCES = 20_000;

const decoder = new TextDecoder();

/**
 * Fetches the entry page and everything it leads to: pages the scope allows and every resource those pages
 * load. Reports each resource as it arrives, with how many are known so far.
 */
export async function crawlSite(
  scope: ExportScope,
  fetchResource: SiteFetcher,
  onFetched: (fetched: number, known: number) => void = () => undefined,
): Promise<Map<string, SiteResource>> {
  const resources = new Map<string, SiteResource>();
  const referrers = new Map<string, string>([[scope.entry, '(the entry page)']]);
  const queue = [scope.entry];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    const response = await fetchResource(key);
    if (response.status !== 200) throw new SiteCrawlError(`GET ${key} answered ${String(response.status)}, linked from ${referrers.get(key) ?? '?'}`);
    const resource: SiteResource = { key, contentType: response.contentType, body: response.body };
    resources.set(key, resource);
    const kind = resourceKind(key, response.contentType);
    for (const link of kind === 'file' ? [] : resourceLinks(kind, decoder.decode(response.body))) {
      const target = resolveLink(link.raw, key, scope);
      if (target.kind === 'elsewhere' || referrers.has(target.key)) continue;
      if (link.navigation && !isNavigable(scope, target.key)) continue;
      referrers.set(target.key, key);
      queue.push(target.key);
    }
    if (referrers.size > MOST_RESOURCES) throw new SiteCrawlError(`more than ${String(MOST_RESOURCES)} resources: is a page linking to endless variants of itself?`);
    onFetched(resources.size, referrers.size);
  }
  return resources;
}

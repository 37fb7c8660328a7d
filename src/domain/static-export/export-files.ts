import { escapeAttribute } from './html-tags.ts';
import type { LinkDecision, LinkFate } from './html-links.ts';
import { resourceKind, rewriteResource } from './resource-links.ts';
import { type ExportScope, resolveLink } from './scope.ts';
import { ExportPathError, exportFilePath, relativeHref } from './site-paths.ts';

/** One resource as the live site served it. */
export interface SiteResource {
  readonly key: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

export interface ExportFile {
  /** Relative to the export's folder, with / between segments. */
  readonly path: string;
  readonly body: Uint8Array;
}

export interface ExportOptions {
  /** The entry page's title, for the export's own index.html. */
  readonly title: string;
  /** What stands where each form was: a static server cannot answer a search or a filter. */
  readonly formNote: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function filePaths(resources: ReadonlyMap<string, SiteResource>): Map<string, string> {
  const paths = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const resource of resources.values()) {
    const file = exportFilePath(resource.key, resourceKind(resource.key, resource.contentType) === 'page');
    const owner = owners.get(file);
    if (owner !== undefined) throw new ExportPathError(`${resource.key} and ${owner} would both be written to ${file}`);
    owners.set(file, resource.key);
    paths.set(resource.key, file);
  }
  // A file may not stand where another file needs a folder (a download at /a and a page at /a/b).
  for (const [file, key] of owners) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const folder = parts.slice(0, depth).join('/');
      const clash = owners.get(folder);
      if (clash !== undefined) throw new ExportPathError(`${clash} is written to ${folder}, where ${key} needs a folder`);
    }
  }
  return paths;
}

/** The export's front door: a static server shows it for the folder, and it opens the entry page. */
export function indexPage(entryFile: string, title: string): string {
  const href = escapeAttribute(relativeHref('index.html', entryFile));
  const text = escapeAttribute(title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0; url=${href}">`,
    `<title>${text}</title>`,
    '</head>',
    '<body>',
    `<p><a href="${href}">${text}</a></p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The files of a static export: every resource at its file path with its links made relative, links to pages
 * outside the export taken out, forms replaced by a note, and an index.html opening the entry page. Downloads,
 * images and fonts are written byte for byte as served.
 */
export function exportFiles(resources: ReadonlyMap<string, SiteResource>, scope: ExportScope, options: ExportOptions): ExportFile[] {
  const paths = filePaths(resources);
  const entryFile = paths.get(scope.entry);
  if (entryFile === undefined) throw new ExportPathError(`the entry page ${scope.entry} was not fetched`);
  if ([...paths.values()].includes('index.html')) throw new ExportPathError('a resource would overwrite the export’s own index.html');
  const files = [...resources.values()].map((resource): ExportFile => {
    const file = paths.get(resource.key) ?? '';
    const kind = resourceKind(resource.key, resource.contentType);
    if (kind === 'file') return { path: file, body: resource.body };
    const decide: LinkDecision = (raw, navigation): LinkFate => {
      const target = resolveLink(raw, resource.key, scope);
      if (target.kind === 'elsewhere') return 'unchanged';
      const targetFile = paths.get(target.key);
      if (targetFile !== undefined) return { href: relativeHref(file, targetFile) + target.hash };
      if (navigation) return 'remove';
      throw new ExportPathError(`${resource.key} loads ${target.key}, which was not fetched`);
    };
    const text = rewriteResource(kind, decoder.decode(resource.body), decide, options.formNote) ?? '';
    return { path: file, body: encoder.encode(text) };
  });
  return [{ path: 'index.html', body: encoder.encode(indexPage(entryFile, options.title)) }, ...files];
}

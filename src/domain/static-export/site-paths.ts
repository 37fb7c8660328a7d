import { createHash } from 'node:crypto';
import path from 'node:path';

// Where each resource of a static export lives, and how one file links to another. A page becomes a folder
// holding index.html, so its address keeps its shape; links are relative and name index.html itself, so the
// export works from any folder of any static server, and opened from disk, where no server adds index.html.

/** The origin same-site addresses are resolved against: never contacted, only a base for `new URL`. */
export const SITE_ORIGIN = 'http://site.invalid';

/** A path and query on the site was not one a file can be named after (`..`, an empty segment). */
export class ExportPathError extends Error {
  override readonly name = 'ExportPathError';
}

/** The key a resource is fetched and stored by: its path and query, without the fragment. */
export function resourceKey(url: URL): string {
  return url.pathname + url.search;
}

export function siteUrl(key: string): URL {
  return new URL(key, SITE_ORIGIN);
}

// Longer queries would make file names past the 255 bytes file systems allow; a digest stands in for them.
const LONGEST_QUERY_NAME = 120;

/**
 * The query as part of a file name, one-to-one: letters, digits, `.`, `_` and `-` stay, every other character
 * becomes `~` and its hex code. No static server passes a query to a file, so each query gets its own file.
 */
function queryName(query: string): string {
  // A URL's query is ASCII (anything else arrives percent-encoded), so two hex digits name every character.
  const name = query.replace(/[^A-Za-z0-9._-]/g, (char) => `~${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return name.length <= LONGEST_QUERY_NAME ? name : `h${createHash('sha256').update(query).digest('hex').slice(0, 32)}`;
}

function withQuery(fileName: string, query: string): string {
  if (query === '') return fileName;
  const extension = path.posix.extname(fileName);
  return `${fileName.slice(0, fileName.length - extension.length)}.q-${queryName(query)}${extension}`;
}

function segments(pathname: string, key: string): string[] {
  const decoded = pathname
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new ExportPathError(`${key}: a path segment is not valid percent-encoding`);
      }
    });
  for (const [index, segment] of decoded.entries()) {
    const last = index === decoded.length - 1;
    if ((segment === '' && !last) || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      throw new ExportPathError(`${key}: "${segment}" cannot name a file`);
    }
  }
  return decoded;
}

/** The file, relative to the export's folder, a resource is written to; pages go to `…/index.html`. */
export function exportFilePath(key: string, isPage: boolean): string {
  const url = siteUrl(key);
  const parts = segments(url.pathname, key);
  const query = url.search.slice(1);
  if (isPage) return [...parts.filter((part) => part !== ''), withQuery('index.html', query)].join('/');
  const fileName = parts.at(-1) ?? '';
  if (fileName === '') throw new ExportPathError(`${key}: a file that is not a page needs a name after its last /`);
  return [...parts.slice(0, -1), withQuery(fileName, query)].join('/');
}

/** A link from one exported file to another, relative, each segment percent-encoded, starting ./ or ../. */
export function relativeHref(fromFile: string, toFile: string): string {
  const relative = path.posix.relative(path.posix.dirname(fromFile), toFile);
  const encoded = relative
    .split('/')
    .map((segment) => (segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
  // "./" keeps a first segment with a colon from reading as a scheme, and makes module specifiers relative.
  return encoded.startsWith('../') ? encoded : `./${encoded}`;
}

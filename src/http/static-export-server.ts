import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// A plain static file server for an exported site, on loopback only: what the export is checked against (and
// benchmarked with), so it does no more than any static host would (no rewriting, no query strings).

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface StaticServer {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  readonly origin: string;
  readonly close: () => Promise<void>;
}

async function fileFor(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const target = path.join(root, decoded);
  if (target !== root && !target.startsWith(root + path.sep)) return undefined;
  const stat = await fs.stat(target).catch(() => undefined);
  if (stat?.isFile() === true) return target;
  // Folders answer with their index.html, as static hosts do.
  if (stat?.isDirectory() === true && (await fs.stat(path.join(target, 'index.html')).catch(() => undefined))?.isFile() === true) return path.join(target, 'index.html');
  return undefined;
}

/** Serves `folder` at http://127.0.0.1 on a free port; GET and HEAD only, 404 for anything not a file. */
export async function serveStaticDirectory(folder: string): Promise<StaticServer> {
  const root = path.resolve(folder);
  const server = http.createServer((request, response) => {
    void (async () => {
      const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const file = request.method === 'GET' || request.method === 'HEAD' ? await fileFor(root, pathname) : undefined;
      if (file === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
        return;
      }
      const body = await fs.readFile(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'content-length': body.byteLength });
      response.end(request.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}

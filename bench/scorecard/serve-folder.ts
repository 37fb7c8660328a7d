// Serves a folder as a plain static site on loopback, in its own process, for the scorecard benchmark's
// baseline: prints the origin, then serves until killed.
import { serveStaticDirectory } from '../../src/http/static-export-server.ts';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: serve-folder.ts FOLDER');
const server = await serveStaticDirectory(folder);
process.stdout.write(`${server.origin}\n`);

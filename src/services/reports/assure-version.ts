import { readFileSync } from 'node:fs';

// Assure's own version, from package.json, for the provenance of what it publishes.
const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export const ASSURE_VERSION: string = manifest.version;

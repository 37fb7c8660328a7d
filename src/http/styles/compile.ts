import { fileURLToPath } from 'node:url';
import { compile, NodePackageImporter } from 'sass';

export const STYLES_SOURCE = fileURLToPath(new URL('assure.scss', import.meta.url));
export const COMPILED_CSS = fileURLToPath(new URL('../../../public/assure.css', import.meta.url));

/** Compiles the project's stylesheet (a development-time step; see scripts/build-css.ts). */
export function compileAssureCss(): string {
  return compile(STYLES_SOURCE, {
    importers: [new NodePackageImporter()],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  }).css;
}

import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const VIEWS_DIR = fileURLToPath(new URL('.', import.meta.url));
const NHSUK_FRONTEND_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist');

/** What every page's view model carries. */
export interface PageModel {
  readonly title: string;
  readonly section?: string;
  readonly breadcrumbs?: readonly { text: string; href: string }[];
}

/** Renders Nunjucks templates with the NHS.UK design system's macros; output is escaped by default. */
export interface ViewRenderer {
  render(template: string, model: PageModel & Record<string, unknown>): string;
}

export function createViewRenderer(): ViewRenderer {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([NHSUK_FRONTEND_DIST, VIEWS_DIR]), {
    autoescape: true,
    throwOnUndefined: false,
  });
  return { render: (template, model) => environment.render(template, model) };
}

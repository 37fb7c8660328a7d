import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

// The year-end documents' Nunjucks templates, compiled once per process, and their print stylesheet, read
// once: rendering 209 CCG reports must not read or compile anything again.

const TEMPLATES_DIR = fileURLToPath(new URL('../views/reports/documents/', import.meta.url));

export const DOCUMENT_TEMPLATES = ['ccg-report.njk', 'ccg-letter.njk', 'area-report.njk'] as const;
export type DocumentTemplate = (typeof DOCUMENT_TEMPLATES)[number];

const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES_DIR, { noCache: false, watch: false }), {
  autoescape: true,
  throwOnUndefined: false,
});

const compiled = new Map(DOCUMENT_TEMPLATES.map((name) => [name, environment.getTemplate(name, true)]));

/** Inlined in each document's <style>: a printed or saved document must need nothing from anywhere else. */
const STYLESHEET = new nunjucks.runtime.SafeString(fs.readFileSync(new URL('./report.css', import.meta.url), 'utf8'));

export function renderDocumentTemplate(name: DocumentTemplate, context: Record<string, unknown>): string {
  const template = compiled.get(name);
  if (template === undefined) throw new Error(`No document template ${name}.`);
  return template.render({ ...context, stylesheet: STYLESHEET });
}

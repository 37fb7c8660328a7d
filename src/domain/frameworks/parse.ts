import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { checkFrameworkReferences, type FrameworkPath } from './references.ts';
import { type Framework, FrameworkSchema } from './schema.ts';

/** One problem in a framework file: where (file, line, path) and what is wrong. */
export interface FrameworkProblem {
  readonly file: string;
  /** 1-based line of the offending value, or of its nearest enclosing value that exists. */
  readonly line: number | null;
  /** Dotted path to the value, e.g. `variants[1].pipeline[0].when`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type FrameworkParseResult = { readonly ok: true; readonly framework: Framework } | { readonly ok: false; readonly problems: readonly FrameworkProblem[] };

/** `variants[1].pipeline[0].when` */
export function formatPath(path: FrameworkPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** `ccg-af-2015-16.yaml, line 12, variants[0].id: must be …` */
export function describeFrameworkProblem(problem: FrameworkProblem): string {
  const where = [problem.file];
  if (problem.line !== null) where.push(`line ${problem.line}`);
  return `${where.join(', ')}${problem.path === '' ? '' : `, ${problem.path}`}: ${problem.message}`;
}

/** The line of the deepest node along the path that exists (a missing key points at its parent). */
function lineOf(document: Document, lines: LineCounter, path: FrameworkPath): number | null {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Parses a framework version file (YAML, of which JSON is a subset), validates it against the schema and
 * checks its cross-references. Returns the framework, or every problem located by line and path.
 */
export function parseFrameworkFile(text: string, fileName: string): FrameworkParseResult {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file: fileName,
        line: lines.linePos(error.pos[0]).line,
        path: '',
        message: `is not valid YAML: ${error.message.split('\n')[0] ?? error.message}`,
      })),
    };
  }
  const locate = (path: FrameworkPath, message: string): FrameworkProblem => ({ file: fileName, line: lineOf(document, lines, path), path: formatPath(path), message });
  const parsed = FrameworkSchema.safeParse(document.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => locate(issue.path.filter((part): part is string | number => typeof part !== 'symbol'), issue.message)),
    };
  }
  const problems = checkFrameworkReferences(parsed.data).map((problem) => locate(problem.path, problem.message));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, framework: parsed.data };
}

import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import nunjucks from 'nunjucks';

// Charts are drawn on the server with Observable Plot into linkedom's DOM and sent as inline SVG, so they need
// no JavaScript. Plot's output is adapted here for assistive technology and for the content security policy.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The part of the DOM used here, typed by hand: Assure compiles without the DOM library, so Plot's and linkedom's DOM types do not resolve. */
interface ChartElement {
  querySelectorAll(selector: string): Iterable<ChartElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  prepend(...nodes: ChartElement[]): void;
  remove(): void;
  textContent: string | null;
  readonly outerHTML: string;
}

interface ChartDocument {
  createElementNS(namespace: string, name: string): ChartElement;
}

const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: ChartDocument };

/** What a screen reader announces for a chart; the page puts the same data in a table beside it. */
export interface ChartText {
  /** Unique on the page: the title and description elements are named after it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export type PlotOptions = Omit<Plot.PlotOptions, 'document'>;

function svgTextElement(name: 'title' | 'desc', id: string, text: string): ChartElement {
  // Created in the SVG namespace: linkedom escapes SVG text content but writes HTML <title> raw.
  const element = document.createElementNS(SVG_NS, name);
  element.setAttribute('id', id);
  element.textContent = text;
  return element;
}

/**
 * Draws a Plot chart as one image for assistive technology: role="img" named by its <title> and described by
 * its <desc>, every mark hidden (Plot's aria-label on <g> elements is not allowed there). Plot's <style> element
 * would be refused by the content security policy, so its rules move into a style attribute. The markup is
 * marked safe for templates because it comes from the DOM serialiser, which escapes every text and attribute.
 */
export function renderChart(options: PlotOptions, text: ChartText): nunjucks.runtime.SafeString {
  const svg = Plot.plot({ ...options, document }) as unknown as ChartElement;
  for (const style of svg.querySelectorAll('style')) style.remove();
  for (const element of svg.querySelectorAll('[aria-label], [aria-description]')) {
    element.removeAttribute('aria-label');
    element.removeAttribute('aria-description');
  }
  for (const group of svg.querySelectorAll(':scope > g')) group.setAttribute('aria-hidden', 'true');
  svg.removeAttribute('aria-label');
  svg.removeAttribute('aria-description');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${text.id}-title`);
  svg.setAttribute('aria-describedby', `${text.id}-desc`);
  svg.setAttribute('style', `display: block; height: auto; max-width: 100%; overflow: visible; ${svg.getAttribute('style') ?? ''}`.trim());
  svg.prepend(svgTextElement('title', `${text.id}-title`, text.title), svgTextElement('desc', `${text.id}-desc`, text.description));
  return new nunjucks.runtime.SafeString(svg.outerHTML);
}

/** The A4 page around a report: margins wide enough for the footer, which Chromium draws inside the bottom margin. */
export const PDF_MARGIN = { top: '16mm', right: '16mm', bottom: '20mm', left: '16mm' } as const;

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/**
 * Chromium fills the `pageNumber` and `totalPages` classes in. The template is its own tiny document: it gets none
 * of the report's CSS, and its font size defaults to almost nothing, so every style is spelled out here.
 */
export function footerTemplate(footerLabel: string): string {
  const style = [
    'box-sizing: border-box',
    'width: 100%',
    `padding: 0 ${PDF_MARGIN.right} 0 ${PDF_MARGIN.left}`,
    'display: flex',
    'justify-content: space-between',
    'gap: 4mm',
    'font-family: Arial, Helvetica, sans-serif',
    'font-size: 8pt',
    'color: #4c6272',
  ].join('; ');
  return `<div style="${style}"><span>${escapeHtml(footerLabel)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** An empty element: an empty string would make Chromium print its default header (date and title). */
export const EMPTY_HEADER_TEMPLATE = '<span></span>';

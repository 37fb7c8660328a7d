/**
 * A cell a spreadsheet will show as text, never run as a formula: text starting with = + - @ (or a
 * tab or carriage return, which some spreadsheets skip before one of those) gets a leading apostrophe.
 * Exports of user-supplied text (names, reasons) open in Excel, so this guards against CSV injection.
 */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { type CsvTable, InputError, readCsv } from '../../domain/csv/decode.ts';
import type { IntervalOptions } from '../../domain/statistics/analyst-intervals.ts';
import { normaliseConfidence } from '../../domain/statistics/confidence.ts';
import type { OutputTable } from '../../domain/statistics/csv-columns.ts';

// What every `assure stats` method shares: reading its CSV (a file or stdin), its common options, and writing its
// result as CSV or JSON on stdout only once everything has been computed.

export type Format = 'csv' | 'json';

export async function readTable(file: string | undefined): Promise<{ table: CsvTable; source: string }> {
  const source = file === undefined ? 'stdin' : path.basename(file);
  const bytes = file === undefined ? await readStdin() : await fs.readFile(file);
  const table = readCsv(bytes);
  if ('problems' in table) throw new InputError(source, table.problems);
  return { table, source };
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  return String(value);
}

export function jsonValue(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export function render(output: OutputTable, format: Format): string {
  if (format === 'json') {
    return `${JSON.stringify(
      output.rows.map((row) => Object.fromEntries(output.columns.map((column) => [column, jsonValue(row[column] ?? null)]))),
      null,
      2,
    )}\n`;
  }
  return stringify([output.columns, ...output.rows.map((row) => output.columns.map((column) => cell(row[column])))]);
}

export function optionProblem(option: string, message: string): InputError {
  return new InputError('options', [{ field: option, message }]);
}

export function positiveNumber(option: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw optionProblem(option, `"${raw}" must be a positive number`);
    return value;
  };
}

export function confidenceLevels(raw: string): number[] {
  return raw.split(',').map((part) => {
    const level = normaliseConfidence(Number(part));
    if (level === null || level > 0.999) throw optionProblem('--confidence', `"${part}" must be between 0.90 and 0.999 (or 90 and 99.9)`);
    return level;
  });
}

export const polarityOption = (): Option =>
  new Option('--polarity <polarity>', 'which direction is good').choices(['high-is-good', 'low-is-good', 'no-judgement']).default('high-is-good');
export const confidenceOption = (): Option => new Option('--confidence <levels>', 'confidence levels, comma separated').default([0.95, 0.998], '0.95,0.998').argParser(confidenceLevels);
export const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv');

export interface Common {
  format: Format;
  confidence: number[];
  multiplier?: number;
}

export function intervals(options: Common): IntervalOptions {
  return { confidenceLevels: options.confidence, ...(options.multiplier === undefined ? {} : { multiplier: options.multiplier }) };
}

/** Runs the method, then writes side files and stdout only once everything has been computed. */
export async function emit(output: OutputTable, format: Format, sideFiles: readonly { file: string; content: string }[] = []): Promise<void> {
  const text = render(output, format);
  for (const side of sideFiles) await fs.writeFile(side.file, side.content);
  process.stdout.write(text);
}

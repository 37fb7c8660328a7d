import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller states the fixture's shape
export function loadFixture<T>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, relativePath), 'utf8')) as T;
}

/** Every fixture file, so a test can prove none is left unread. */
export function allFixtureFiles(): string[] {
  return fs
    .readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort();
}

/** Equal within `relative` of the expected magnitude (or `absolute`), with NaN matching null. */
export function assertClose(actual: number, expected: number | null, message: string, tolerance: { relative?: number; absolute?: number } = {}): void {
  if (expected === null) {
    assert.ok(Number.isNaN(actual), `${message}: expected NA, got ${actual}`);
    return;
  }
  const difference = Math.abs(actual - expected);
  const allowed = tolerance.absolute ?? (tolerance.relative ?? 1e-9) * Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(difference <= allowed, `${message}: expected ${expected}, got ${actual} (difference ${difference})`);
}

/** Writes a CSV input for a CLI test into the folder and returns its path. */
export function writeCsvFile(directory: string, name: string, text: string): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A CLI's CSV output as records by column name. */
export function csvRows(text: string): Record<string, string>[] {
  return parse<Record<string, string>>(text, { columns: true });
}

import type { MessagePort } from 'node:worker_threads';
import type { InputProblem } from '../../domain/csv/decode.ts';
import type { IndicatorRules } from '../../domain/indicator-import/validate.ts';
import type { EncodedBatchKeys } from './batch-keys.ts';

// What the main thread and a parsing worker say to each other about one data file, over the MessagePort
// the task carries. The worker asks for bytes one message ahead of what it parses and sends at most
// BATCHES_IN_FLIGHT batches the importer has not taken, so neither side ever holds much of a file.

/** Batches sent and not yet taken (checked against stored values and written) before the worker waits. */
export const BATCHES_IN_FLIGHT = 2;

/** Where valid values are to be copied: the worker formats the COPY text, the main thread sends it. */
export interface CopyTarget {
  readonly dataset: string;
  readonly importBatchId: string;
  /** The table a new dataset loads into (startDatasetLoad); otherwise indicator_value. */
  readonly into: string | undefined;
}

/** A COPY to run as the worker's call of copyImportedValues asked for it: the main thread replays it on the transaction's connection. */
export interface CapturedCopy {
  readonly table: string;
  readonly columns: readonly string[];
  readonly text: string;
}

/** A data file to parse and validate; the ValidationContext with its set and map as arrays, for structured clone. */
export interface ParseTask {
  readonly port: MessagePort;
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx';
  readonly batchRows: number;
  /** Null on a dry run: nothing is written. */
  readonly copy: CopyTarget | null;
  /** Whether each batch's keys are wanted, to check them against values the dataset holds already. */
  readonly keys: boolean;
  readonly organisationCodes: readonly string[];
  readonly indicators: readonly (readonly [string, IndicatorRules])[] | null;
  readonly frameworkId: string | null;
  readonly asOf: string | null;
}

/** Problems found since the worker's last message: the ones it lists (at most REPORTED_PROBLEMS in all), and how many more. */
export interface FoundProblems {
  readonly listed: readonly InputProblem[];
  readonly unlisted: number;
}

export type ToParser =
  /** The file's next bytes, in one moved buffer, with where each chunk the file was read in ends (kept, so the file is parsed exactly as it was read). */
  | { readonly kind: 'bytes'; readonly buffer: ArrayBuffer; readonly chunkEnds: readonly number[] }
  | { readonly kind: 'end' }
  | { readonly kind: 'taken' };

export type FromParser =
  | { readonly kind: 'want' }
  /**
   * A batch of valid values: how many, their COPY (none on a dry run, or once the worker has found a problem, as
   * nothing more is written then), their keys if asked for, the problems found before the last of them, and the bytes parsed by then.
   */
  | {
      readonly kind: 'batch';
      readonly rows: number;
      readonly copy: CapturedCopy | null;
      readonly keys: EncodedBatchKeys | null;
      readonly found: FoundProblems;
      readonly bytesRead: number;
    }
  | { readonly kind: 'done'; readonly found: FoundProblems }
  /** The file cannot be read as CSV or .xlsx (an InputError's problems). */
  | { readonly kind: 'unreadable'; readonly problems: readonly InputProblem[] };

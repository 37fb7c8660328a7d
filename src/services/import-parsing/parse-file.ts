import type { MessagePort } from 'node:worker_threads';
import { InputError } from '../../domain/csv/decode.ts';
import { readCsvRows } from '../../domain/indicator-import/csv-rows.ts';
import { ProblemList } from '../../domain/indicator-import/problems.ts';
import type { SourceRow } from '../../domain/indicator-import/source-row.ts';
import type { ImportedValue, ValidationContext } from '../../domain/indicator-import/validate.ts';
import { validateDataRows } from '../../domain/indicator-import/validate-rows.ts';
import { readXlsxRows } from '../../domain/indicator-import/xlsx-rows.ts';
import { copyImportedValues } from '../../db/repositories/indicator-values.ts';
import { batchKeyBuffers, encodeBatchKeys } from './batch-keys.ts';
import { BATCHES_IN_FLIGHT, type CapturedCopy, type CopyTarget, type FoundProblems, type FromParser, type ParseTask, type ToParser } from './protocol.ts';

/** The most of a file the parser is given at once, as before parsing moved to a worker, so lines in messages and progress read alike. */
const SLICE_BYTES = 64 * 1024;

/** The worker's end of one file's conversation with the main thread. */
class MainThreadLink {
  readonly #port: MessagePort;
  readonly #received: Exclude<ToParser, { kind: 'taken' }>[] = [];
  #untaken = 0;
  #closed = false;
  #wake: (() => void) | null = null;

  constructor(port: MessagePort) {
    this.#port = port;
    port.on('message', (message: ToParser) => {
      if (message.kind === 'taken') this.#untaken -= 1;
      else this.#received.push(message);
      this.#wake?.();
    });
    port.on('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  send(message: FromParser, transfer: ArrayBuffer[] = []): void {
    this.#port.postMessage(message, transfer);
  }

  /** The file's chunks as it was read, asking for the next message of them before parsing this one. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    this.send({ kind: 'want' });
    for (;;) {
      await this.#until(() => this.#received.length > 0);
      const message = this.#received.shift();
      if (message === undefined || message.kind === 'end') return;
      this.send({ kind: 'want' });
      let start = 0;
      for (const end of message.chunkEnds) {
        yield new Uint8Array(message.buffer, start, end - start);
        start = end;
      }
    }
  }

  async sendBatch(message: FromParser & { kind: 'batch' }): Promise<void> {
    await this.#until(() => this.#untaken < BATCHES_IN_FLIGHT);
    this.#untaken += 1;
    this.send(message, message.keys === null ? [] : batchKeyBuffers(message.keys));
  }

  /** Stops listening: the main thread closes the channel. */
  release(): void {
    this.#port.removeAllListeners();
  }

  async #until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.#closed) throw new Error('the import stopped reading the file');
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = null;
    }
  }
}

async function* inSlices(chunks: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let read = 0;
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.length; start += SLICE_BYTES) {
      const slice = chunk.subarray(start, start + SLICE_BYTES);
      read += slice.length;
      onBytes(read);
      yield slice;
    }
  }
}

async function sourceRows(task: ParseTask, slices: AsyncIterable<Uint8Array>): Promise<AsyncIterable<readonly SourceRow[]> | Iterable<readonly SourceRow[]>> {
  if (task.format === 'csv') return readCsvRows(task.fileName, slices);
  const chunks: Uint8Array[] = [];
  for await (const chunk of slices) chunks.push(chunk);
  return [await readXlsxRows(task.fileName, Buffer.concat(chunks))];
}

/** The COPY that copyImportedValues makes of these values, kept for the main thread to send rather than sent. */
async function copyOf(values: readonly ImportedValue[], target: CopyTarget): Promise<CapturedCopy> {
  const captured: CapturedCopy[] = [];
  const columns = {
    dataset: target.dataset,
    organisationCodes: values.map((value) => value.organisationCode),
    indicatorCodes: values.map((value) => value.indicatorCode),
    periodStarts: values.map((value) => value.periodStart),
    periodEnds: values.map((value) => value.periodEnd),
    numerators: values.map((value) => value.numerator),
    denominators: values.map((value) => value.denominator),
    values: values.map((value) => value.value),
    categories: values.map((value) => value.category),
    sources: values.map((value) => value.source),
    provenance: { importBatchId: target.importBatchId, sourceRows: values.map((value) => value.line) },
  };
  await copyImportedValues(async (table, copyColumns, text) => {
    captured.push({ table, columns: copyColumns, text });
  }, columns, target.into);
  const [copy] = captured;
  if (copy === undefined) throw new Error('copyImportedValues made no COPY');
  return copy;
}

/** What the problem list gained since the last call: the main thread merges these with its own, in order. */
function problemsSince(problems: ProblemList, sent: { listed: number; count: number }): FoundProblems {
  const listed = problems.listed.slice(sent.listed);
  const found = { listed, unlisted: problems.count - sent.count - listed.length };
  sent.listed = problems.listed.length;
  sent.count = problems.count;
  return found;
}

/**
 * Reads, decodes, splits and validates one data file whose bytes arrive over the task's port, sending its
 * valid values back in batches with the problems found before each, as importIndicatorData's loop did on
 * the main thread, each as the COPY that writes it; the main thread checks their keys against stored values and sends the COPY.
 */
export async function parseDataFile(task: ParseTask): Promise<void> {
  const link = new MainThreadLink(task.port);
  const context: ValidationContext = {
    organisationCodes: new Set(task.organisationCodes),
    indicators: task.indicators === null ? null : new Map(task.indicators),
    frameworkId: task.frameworkId,
    asOf: task.asOf,
  };
  const problems = new ProblemList();
  const sent = { listed: 0, count: 0 };
  let bytesRead = 0;
  try {
    const rows = await sourceRows(task, inSlices(link.chunks(), (bytes) => {
      bytesRead = bytes;
    }));
    for await (const values of validateDataRows(rows, context, problems, task.batchRows)) {
      await link.sendBatch({
        kind: 'batch',
        rows: values.length,
        copy: task.copy === null || problems.count > 0 ? null : await copyOf(values, task.copy),
        keys: task.keys ? encodeBatchKeys(values) : null,
        found: problemsSince(problems, sent),
        bytesRead,
      });
    }
    link.send({ kind: 'done', found: problemsSince(problems, sent) });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    link.send({ kind: 'unreadable', problems: error.problems });
  } finally {
    link.release();
  }
}

import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { InputError } from '../../domain/csv/decode.ts';
import type { ValidationContext } from '../../domain/indicator-import/validate.ts';
import { type BatchKeys, decodeBatchKeys } from './batch-keys.ts';
import type { CapturedCopy, CopyTarget, FoundProblems, FromParser, ParseTask, ToParser } from './protocol.ts';
import { parsingPool } from './pool.ts';

/** The least of a file sent to the worker in one message: the chunks it was read in, copied into one buffer that moves. */
const MESSAGE_BYTES = 1024 * 1024;

/** A batch of valid values: how many, the COPY that writes them (see FromParser), and their keys if asked for. */
export interface ParsedBatch {
  readonly rows: number;
  readonly copy: CapturedCopy | null;
  readonly keys: BatchKeys | null;
}

/** What the worker found: a batch of valid values (null after the last) and the problems found before it. */
export interface ParsedPart {
  readonly batch: ParsedBatch | null;
  readonly found: FoundProblems;
  readonly bytesRead: number;
}

export interface ParseOptions {
  readonly batchRows: number;
  /** Where the values go; null on a dry run. */
  readonly copy: CopyTarget | null;
  /** Whether to send each batch's keys, to check them against stored values. */
  readonly keys: boolean;
}

type Reply = Exclude<FromParser, { kind: 'want' }>;

/**
 * The file's chunks gathered into messages. Each is copied into a buffer of its own, which moves to the
 * worker without a second copy: the chunks themselves may be read again (a DataFile is read to hash it,
 * then to parse it), so they cannot be given away.
 */
async function* inMessages(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ToParser & { kind: 'bytes' }> {
  let held: Uint8Array[] = [];
  let size = 0;
  const take = (): ToParser & { kind: 'bytes' } => {
    const bytes = new Uint8Array(size);
    const chunkEnds: number[] = [];
    for (const chunk of held) {
      bytes.set(chunk, chunkEnds.at(-1) ?? 0);
      chunkEnds.push((chunkEnds.at(-1) ?? 0) + chunk.length);
    }
    held = [];
    size = 0;
    return { kind: 'bytes', buffer: bytes.buffer, chunkEnds };
  };
  for await (const chunk of chunks) {
    held.push(chunk);
    size += chunk.length;
    if (size >= MESSAGE_BYTES) yield take();
  }
  if (held.length > 0) yield take();
}

/** The main thread's end of one file's conversation with its worker: replies in order, or the failure that ended it. */
class WorkerLink {
  readonly #replies: Reply[] = [];
  #failure: { readonly error: unknown } | null = null;
  #wake: (() => void) | null = null;

  constructor(port: MessagePort, onWant: () => void) {
    port.on('message', (message: FromParser) => {
      if (message.kind === 'want') onWant();
      else this.#replies.push(message);
      this.#wake?.();
    });
  }

  /** Ends the conversation with this error, unless it has ended already. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#wake?.();
  }

  async next(): Promise<Reply> {
    for (;;) {
      const reply = this.#replies.shift();
      if (reply !== undefined) return reply;
      if (this.#failure !== null) throw this.#failure.error;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = null;
    }
  }
}

function workerFailure(fileName: string, cause: unknown): Error {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${fileName} could not be read: the worker thread parsing it stopped (${why}); nothing was imported.`, { cause });
}

/**
 * Parses and validates a data file in a worker thread of the parsing pool, streaming the file's bytes to it
 * and yielding what it finds a batch at a time; the next batch is parsed while the caller handles this one.
 * Throws InputError, as reading on the main thread did, for a file that cannot be read as CSV or .xlsx, the
 * error reading the file if that fails, and a plain Error naming the file if the worker stops.
 */
export async function* parseInWorker(
  file: { readonly fileName: string; readonly format: 'csv' | 'xlsx'; readonly read: () => AsyncIterable<Uint8Array> },
  context: ValidationContext,
  options: ParseOptions,
): AsyncGenerator<ParsedPart> {
  const channel = new MessageChannel();
  const port = channel.port1;
  const messages = inMessages(file.read());
  let feeding = Promise.resolve();
  const link = new WorkerLink(port, () => {
    feeding = feeding.then(async () => {
      const next = await messages.next();
      if (next.done === true) port.postMessage({ kind: 'end' } satisfies ToParser);
      else port.postMessage(next.value, [next.value.buffer]);
    }).catch((error: unknown) => {
      link.fail(error);
    });
  });
  const task: ParseTask = {
    port: channel.port2,
    fileName: file.fileName,
    format: file.format,
    ...options,
    organisationCodes: [...context.organisationCodes],
    indicators: context.indicators === null
      ? null
      : [...context.indicators].map(([code, rules]) => [code, { unit: rules.unit, periodBasis: rules.periodBasis, dataType: rules.dataType, categories: rules.categories }] as const),
    frameworkId: context.frameworkId,
    asOf: context.asOf,
  };
  const running = parsingPool().run(task, { transferList: [channel.port2] });
  running.catch((error: unknown) => {
    link.fail(workerFailure(file.fileName, error));
  });
  // The worker's end closes when its thread stops; the task's rejection says why, so wait for it.
  port.on('close', () => {
    running.then(
      () => {
        link.fail(workerFailure(file.fileName, 'it closed its channel before finishing'));
      },
      () => undefined,
    );
  });
  try {
    for (;;) {
      const reply = await link.next();
      if (reply.kind === 'unreadable') throw new InputError(file.fileName, reply.problems);
      if (reply.kind === 'done') {
        // The task's own end, so that the thread is free (and counted) once the import has its last problems.
        await running.catch((error: unknown) => {
          throw workerFailure(file.fileName, error);
        });
        yield { batch: null, found: reply.found, bytesRead: 0 };
        return;
      }
      const batch = { rows: reply.rows, copy: reply.copy, keys: reply.keys === null ? null : decodeBatchKeys(reply.keys) };
      yield { batch, found: reply.found, bytesRead: reply.bytesRead };
      port.postMessage({ kind: 'taken' } satisfies ToParser);
    }
  } finally {
    port.close();
    await feeding;
    await messages.return(undefined);
  }
}

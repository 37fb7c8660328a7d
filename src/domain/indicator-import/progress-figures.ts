/** How far an import has read its file, as the import reports it after each batch of rows. */
export interface ImportProgressCounts {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsValidated: number;
}

/** What a person watching an import wants to know: how far, how fast, how long to go. */
export interface ProgressFigures {
  /** Share of the file read, 0 to 1. */
  readonly fraction: number;
  /** Undefined until there is a rate to speak of. */
  readonly rowsPerSecond: number | undefined;
  /** Undefined until the rate is known; 0 once the whole file has been read (rows still being written). */
  readonly secondsLeft: number | undefined;
}

/**
 * Rate and time left from the counts and the time spent so far. Time left is estimated from bytes, not
 * rows, because the number of rows is only known once the file has been read to the end.
 */
export function progressFigures(counts: ImportProgressCounts, elapsedMilliseconds: number): ProgressFigures {
  const fraction = counts.totalBytes > 0 ? Math.min(counts.bytesRead / counts.totalBytes, 1) : 0;
  const seconds = elapsedMilliseconds / 1000;
  if (seconds <= 0 || counts.bytesRead === 0) return { fraction, rowsPerSecond: undefined, secondsLeft: undefined };
  const bytesPerSecond = counts.bytesRead / seconds;
  return {
    fraction,
    rowsPerSecond: counts.rowsValidated / seconds,
    secondsLeft: Math.max(counts.totalBytes - counts.bytesRead, 0) / bytesPerSecond,
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How much less CPU a parsing thread asks for than the main thread, in nice steps. */
const PARSING_NICENESS = 10;

/**
 * Lowers this thread's scheduling priority, so that where cores are short the main thread (answering
 * requests, feeding COPY) runs first and a parse takes what is left. Linux only: there a thread's nice value
 * is its own, set through its thread id (/proc/thread-self); elsewhere the thread keeps the process's.
 */
export function yieldCpuToMainThread(): void {
  let threadId: number;
  try {
    threadId = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
  } catch {
    return;
  }
  os.setPriority(threadId, Math.min(os.getPriority(threadId) + PARSING_NICENESS, 19));
}

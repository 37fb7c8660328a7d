import fs from 'node:fs';

// How busy the whole machine's processors were over an interval, from Linux's /proc/stat: what a figure
// measured with every process on one host (servers, database, load generators) can gain at most.

interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

function cpuTimes(): CpuTimes {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …: idle and iowait are the time not busy.
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Runs `work` and gives its result with the share of every processor's time that was busy meanwhile (0 to 1). */
export async function withMachineCpu<T>(work: () => Promise<T>): Promise<{ result: T; busyShare: number }> {
  const before = cpuTimes();
  const result = await work();
  const after = cpuTimes();
  const total = after.total - before.total;
  return { result, busyShare: total === 0 ? 0 : (after.busy - before.busy) / total };
}

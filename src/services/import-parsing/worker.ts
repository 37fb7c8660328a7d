// The parsing pool's worker (src/services/import-parsing/pool.ts): one task is one data file.
import { parseDataFile } from './parse-file.ts';
import { yieldCpuToMainThread } from './thread-priority.ts';

yieldCpuToMainThread();

export default parseDataFile;

import { qstoreTsup } from '@qstore/config/tsup';

// batchWorker is the script parallelCircuit starts in each worker thread.
export default qstoreTsup({ entry: ['src/index.ts', 'src/batchWorker.ts'] });

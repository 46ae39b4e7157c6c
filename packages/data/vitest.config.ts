import { qstoreVitest } from '@qstore/config/vitest';

export default qstoreVitest({ setupFiles: ['test/setup/fastCheckSeed.ts'] });

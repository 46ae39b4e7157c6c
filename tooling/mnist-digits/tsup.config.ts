import { qstoreTsup } from '@qstore/config/tsup';

export default qstoreTsup({ entry: ['src/index.ts'] });

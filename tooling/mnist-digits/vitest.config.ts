import { qstoreVitest } from '@qstore/config/vitest';

export default qstoreVitest();

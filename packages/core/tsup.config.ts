import { qstoreTsup } from '@qstore/config/tsup';

export default qstoreTsup();

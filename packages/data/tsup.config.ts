import { qstoreTsup } from '@qstore/config/tsup';

// scatterWorker is the script PCA's covariance solver starts in each worker thread.
export default qstoreTsup({
  entry: {
    index: 'src/index.ts',
    hdf5: 'src/hdf5.ts',
    scatterWorker: 'src/prep/internal/scatterWorker.ts',
  },
});

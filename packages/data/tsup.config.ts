import { qstoreTsup } from '@qstore/config/tsup';

// scatterWorker is the script PCA's covariance solver starts in each worker thread;
// hdf5ProbeWorker the one that reads an HDF5 file's metadata before h5wasm does on the caller.
export default qstoreTsup({
  // splitting: the entries share one copy of common modules (one h5wasm worker thread per process)
  splitting: true,
  entry: {
    index: 'src/index.ts',
    hdf5: 'src/hdf5.ts',
    scatterWorker: 'src/prep/internal/scatterWorker.ts',
    hdf5ProbeWorker: 'src/hdf5ProbeWorker.ts',
  },
});

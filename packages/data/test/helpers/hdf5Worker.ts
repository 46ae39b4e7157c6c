import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Where compiled test scripts go: inside the package, so that they find h5wasm as dist does. */
export const TEST_CACHE = fileURLToPath(
  new URL('../../node_modules/.cache/qstore-test/', import.meta.url),
);
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

const built = new Map<string, Promise<URL>>();

/**
 * Tests run from TypeScript sources, where `hdf5ProbeWorker.js` is not built: compiles the real
 * worker script (plus `prelude`, code that runs in the worker first, e.g. to make it hang) into
 * the package's `node_modules`, once per prelude and test process, and returns its URL.
 */
export function buildHdf5Worker(prelude = ''): Promise<URL> {
  let url = built.get(prelude);
  if (url === undefined) {
    url = (async () => {
      await mkdir(TEST_CACHE, { recursive: true });
      const outfile = `${TEST_CACHE}hdf5Worker-${built.size}-${process.pid}.mjs`;
      await build({
        stdin: {
          contents: `${prelude}\nimport './hdf5ProbeWorker.ts';`,
          resolveDir: SRC,
          loader: 'ts',
        },
        bundle: true,
        // the package says "sideEffects": false, which would drop the worker script's import
        ignoreAnnotations: true,
        platform: 'node',
        format: 'esm',
        external: ['h5wasm', 'h5wasm/*'],
        outfile,
        logLevel: 'silent',
      });
      return pathToFileURL(outfile);
    })();
    built.set(prelude, url);
  }
  return url;
}

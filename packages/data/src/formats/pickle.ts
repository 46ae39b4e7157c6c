import { formatError } from '../internal/fail.js';
import { PickleMachine } from './pickleMachine.js';
import type { PickledArray } from './pickleNumpy.js';

export type { PickledArray } from './pickleNumpy.js';

const SCOPE = 'data/pickle';

/**
 * Runs the restricted subset of the pickle machine that numpy arrays and the plain Python values
 * around them use (protocols 2–5: ints, floats, strings, bytes, lists, tuples, dicts, memo, and the
 * globals `numpy.core.multiarray._reconstruct`, `numpy.ndarray`, `numpy.dtype`, `_codecs.encode`;
 * numpy arrays pickled with protocol 5 name `numpy.core.numeric._frombuffer` and are refused).
 * Returns the pickled value: dicts become `Map`s whose bytes keys are decoded (as Python's
 * `encoding='bytes'` plus `k.decode()` does), Python 2 `str` and Python 3 `bytes` become
 * `Uint8Array`s (views into `bytes`), numpy arrays become {@link PickledArray}s. Any other global
 * (`os.system`, …) throws `UNSAFE_INPUT` before it could be used; other opcodes throw
 * `UNSUPPORTED_FORMAT`; a malformed stream throws `CORRUPT_DATA`.
 */
export function unpickle(bytes: Uint8Array, file: string): unknown {
  const machine = new PickleMachine(file);
  machine.input.feedWhole(bytes);
  const step = machine.run();
  // a whole buffer never asks for more (it ends early instead) and nothing is deferred
  return step.state === 'done' ? step.value : undefined;
}

/** Whether an unpickled value is a numpy array. */
export function isPickledArray(value: unknown): value is PickledArray {
  return (value as PickledArray | null)?.kind === 'ndarray' && 'data' in (value as object);
}

/**
 * The items of a pickled numpy object array (e.g. IMDB's lists of word indices), read with
 * {@link unpickle}'s restrictions.
 */
export function unpickleObjectArray(bytes: Uint8Array, file: string): unknown[] {
  const array = unpickle(bytes, file);
  if (!isPickledArray(array)) throw formatError(SCOPE, file, 'pickle does not hold a numpy array');
  if (!Array.isArray(array.data))
    throw formatError(
      SCOPE,
      file,
      `the array holds raw '${array.descr}' data, not an item list (not an object array)`,
      'UNSUPPORTED_FORMAT',
    );
  return array.data as unknown[];
}

/** The batch a set of kept states belongs to. */
interface BatchKey {
  readonly inputs?: Float64Array | undefined;
  readonly weights?: Float64Array | undefined;
  readonly batchSize: number;
}

const sameValues = (a: Float64Array | undefined, b: Float64Array | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * The final states of the last `expectations` batch on the complex path, so that a `vjp` of the
 * very same batch (training asks for both) starts its backward sweep from them instead of
 * running every row's forward pass again. Keyed by the values of the inputs and weights and by
 * the program's bind version (anything bound in between makes them stale).
 */
export class BatchStates {
  readonly #stateSize: number;
  readonly #budget: number;
  #key: BatchKey | undefined;
  #version = -1;
  #states = new Float64Array(0);

  /** States of 2^n complex amplitudes; `budget`: bytes they may take. */
  constructor(numQubits: number, budget: number) {
    this.#stateSize = 2 << numQubits;
    this.#budget = budget;
  }

  /** Starts keeping a batch (forgets the last one); false when it does not fit the budget. */
  begin(key: BatchKey): boolean {
    this.#key = undefined;
    const length = key.batchSize * this.#stateSize;
    if (length * 8 > this.#budget) return false;
    if (this.#states.length !== length) this.#states = new Float64Array(length);
    this.#key = {
      inputs: key.inputs?.slice(),
      weights: key.weights?.slice(),
      batchSize: key.batchSize,
    };
    this.#version = -1;
    return true;
  }

  /** Keeps row `row`'s final state `psi` (interleaved complex). */
  store(row: number, psi: Float64Array): void {
    if (this.#key === undefined) return;
    this.#states.set(psi.subarray(0, this.#stateSize), row * this.#stateSize);
  }

  /** Forgets the batch (a row took another path). */
  drop(): void {
    this.#key = undefined;
  }

  /** Marks the batch complete as of the program's bind version `version`. */
  complete(version: number): void {
    this.#version = version;
  }

  /** Whether the kept batch is exactly `key`, complete, and nothing was bound since (`version`). */
  matches(key: BatchKey, version: number): boolean {
    const kept = this.#key;
    return (
      kept !== undefined &&
      this.#version === version &&
      kept.batchSize === key.batchSize &&
      sameValues(kept.inputs, key.inputs) &&
      sameValues(kept.weights, key.weights)
    );
  }

  /** Copies row `row`'s kept state into `psi`. */
  load(row: number, psi: Float64Array): void {
    psi.set(this.#states.subarray(row * this.#stateSize, (row + 1) * this.#stateSize));
  }
}

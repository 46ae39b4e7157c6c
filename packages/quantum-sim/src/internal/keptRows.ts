import type { KeptLane, KeptSlot } from './keptLane.js';

/** The batch a {@link KeptRows} was filled for. */
interface KeptKey {
  readonly inputs: Float64Array;
  readonly weights: Float64Array;
  readonly batchSize: number;
  /** The program's `bindVersion` after the rows were bound (a direct gate change moves it). */
  readonly version: number;
}

/** The read-out the rows were measured with, and what it gave (`batchSize × observables`). */
export interface KeptMeasurement {
  readonly readout: object;
  readonly expectations: Float64Array;
}

/** Equal element by element as `Object.is` sees it (NaN equals NaN, −0 differs from +0). */
function sameValues(a: Float64Array, b: Float64Array | undefined): boolean {
  const other = b ?? EMPTY;
  if (a.length !== other.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], other[i])) return false;
  return true;
}

const EMPTY = new Float64Array(0);

/**
 * What `expectations({ keepForVjp: true })` keeps of each row for a `vjp` of the same batch that
 * follows: the states the adjoint plan's forward pass keeps, and the final state. Each row has a
 * slot the forward pass runs in, so nothing is copied: the `vjp` starts its backward sweep from
 * the slot instead of running the forward pass again, and since the slot holds exactly the
 * states its own forward pass would compute, the gradients are the same bits either way. A row's
 * slot belongs to the path it takes (a {@link KeptLane}: the complex plan's or the real-state
 * plan's; decided per row after binding, the same way by `expectations` and `vjp`), and the `vjp`
 * uses it only on that path. Rows beyond the byte budget (all lanes together) get no slot (the
 * `vjp` recomputes them).
 */
export class KeptRows {
  readonly #budget: number;
  /** Per row of the current batch, its slot and the lane it is in; undefined for none. */
  #rows: ({ readonly lane: KeptLane; readonly slot: KeptSlot } | undefined)[] = [];
  /** Per lane, how many of its slots the current batch took. */
  readonly #taken = new Map<KeptLane, number>();
  /** Bytes the current batch's slots take. */
  #used = 0;
  #key: KeptKey | undefined;
  #measured: KeptMeasurement | undefined;

  /** `budget`: bytes the slots of a batch may take, all lanes together. */
  constructor(budget: number) {
    this.#budget = budget;
  }

  /** Starts keeping the rows of a batch (forgetting the last batch). */
  begin(): void {
    this.#key = undefined;
    this.#rows = [];
    this.#taken.clear();
    this.#used = 0;
  }

  /**
   * Row `row`'s slot in `lane`, the path it takes, or undefined when it does not fit the budget
   * (or the lane's plan keeps nothing). Rows are taken in order, each once per batch.
   */
  take(row: number, lane: KeptLane): KeptSlot | undefined {
    const bytes = lane.rowBytes;
    let slot: KeptSlot | undefined;
    if (lane.keeps && this.#used + bytes <= this.#budget) {
      const index = this.#taken.get(lane) ?? 0;
      slot = lane.slot(index, Math.floor(this.#budget / bytes));
      this.#taken.set(lane, index + 1);
      this.#used += bytes;
    }
    this.#rows[row] = slot === undefined ? undefined : { lane, slot };
    return slot;
  }

  /** Row `row`'s slot in the current batch when it is in `lane`, else undefined. */
  slot(row: number, lane: KeptLane): KeptSlot | undefined {
    const kept = this.#rows[row];
    return kept?.lane === lane ? kept.slot : undefined;
  }

  /**
   * Marks the slots as those of this batch, bound at the program's `version`, and remembers what
   * `measured.readout` gave for them (a copy: the caller owns the array).
   */
  finish(options: Omit<KeptKey, 'version'>, version: number, measured: KeptMeasurement): void {
    this.#measured = { readout: measured.readout, expectations: measured.expectations.slice() };
    this.#key = {
      inputs: options.inputs.slice(),
      weights: options.weights.slice(),
      batchSize: options.batchSize,
      version,
    };
  }

  /**
   * The expectations the rows with a slot got from `readout` when they were kept, or undefined
   * when they were measured with another read-out. Valid with {@link matches}.
   */
  expectations(readout: object): Float64Array | undefined {
    return this.#measured?.readout === readout ? this.#measured.expectations : undefined;
  }

  /** Whether the slots belong to this batch (same rows, same weights, no gate changed since). */
  matches(options: Omit<KeptKey, 'version'>, version: number): boolean {
    const key = this.#key;
    return (
      key !== undefined &&
      key.batchSize === options.batchSize &&
      key.version === version &&
      sameValues(key.inputs, options.inputs) &&
      sameValues(key.weights, options.weights)
    );
  }
}

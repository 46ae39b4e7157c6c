import type { AdjointPlan, KeptViews } from './adjointPass.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

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

/** One row's place: the plan's kept states, and the state the forward pass runs in (the final one). */
export interface KeptSlot {
  readonly views: KeptViews;
  readonly final: Float64Array;
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
 * states its own forward pass would compute, the gradients are the same bits either way. Rows
 * beyond the byte budget get no slot (the `vjp` recomputes them). The slots live in the
 * circuit's WebAssembly memory when it has room (for the SIMD kernels), are allocated on first
 * use and reused from batch to batch.
 */
export class KeptRows {
  readonly #budget: number;
  readonly #memory: WasmStateMemory | undefined;
  #arena: Float64Array = EMPTY;
  /** Numbers one row takes: the plan's kept states, then the final state. */
  #perRow = 0;
  /** Rows 0 … count − 1 of the current batch have a slot. */
  #count = 0;
  #slots: KeptSlot[] = [];
  #key: KeptKey | undefined;
  #measured: KeptMeasurement | undefined;

  /** `budget`: bytes the slots may take; `memory`: where they go when it has room. */
  constructor(budget: number, memory?: WasmStateMemory) {
    this.#budget = budget;
    this.#memory = memory;
  }

  /**
   * Starts keeping the rows of a batch of `batchSize` rows (forgetting the last batch): as many
   * as fit the budget at `plan.storedBytes` plus one state of `stateSize` numbers each, none when
   * the plan does not keep its states.
   */
  begin(plan: AdjointPlan, stateSize: number, batchSize: number): void {
    this.#key = undefined;
    const perRow = plan.storedBytes / 8 + stateSize;
    const capacity = plan.storedBytes <= plan.budget ? Math.floor(this.#budget / (8 * perRow)) : 0;
    this.#count = Math.min(batchSize, capacity);
    if (perRow !== this.#perRow || this.#arena.length < this.#count * perRow) {
      // The budget's worth at once in WebAssembly memory (untouched pages cost nothing), else
      // as many rows as this batch needs in an ordinary array.
      this.#arena =
        this.#memory?.allocate(capacity * perRow) ?? new Float64Array(this.#count * perRow);
      this.#perRow = perRow;
      this.#slots = [];
    }
    const stored = plan.storedBytes / 8;
    for (let row = this.#slots.length; row < this.#count; row++) {
      const at = row * perRow;
      this.#slots.push({
        views: plan.viewsIn(this.#arena.subarray(at, at + stored)),
        final: this.#arena.subarray(at + stored, at + perRow),
      });
    }
  }

  /** Row `row`'s slot in the current batch, or undefined when it has none. */
  slot(row: number): KeptSlot | undefined {
    return row < this.#count ? this.#slots[row] : undefined;
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

import type { AdjointPlan } from './adjointPass.js';

/** The batch a {@link KeptRows} was filled for. */
interface KeptKey {
  readonly inputs: Float64Array;
  readonly weights: Float64Array;
  readonly batchSize: number;
  /** The program's `bindVersion` after the rows were bound (a direct gate change moves it). */
  readonly version: number;
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
 * follows: the states the adjoint plan's forward pass keeps, and the final state. The `vjp` then
 * starts its backward sweep from them instead of running the forward pass again; since they are
 * exactly the states its own forward pass would compute, the gradients are the same bits either
 * way. Rows beyond the byte budget are not kept (the `vjp` recomputes them). The arena is reused
 * from batch to batch.
 */
export class KeptRows {
  readonly #budget: number;
  #arena = EMPTY;
  /** Numbers one row takes: the plan's kept states, then the final state. */
  #perRow = 0;
  /** Rows 0 … count − 1 of the batch are kept. */
  #count = 0;
  #key: KeptKey | undefined;

  /** `budget`: bytes the kept rows may take (rows that do not fit are not kept). */
  constructor(budget: number) {
    this.#budget = budget;
  }

  /**
   * Starts keeping the rows of a batch of `batchSize` rows (forgetting the last batch): as many
   * as fit the budget at `plan.storedBytes` plus one state of `stateSize` numbers each, none when
   * the plan does not keep its states.
   */
  begin(plan: AdjointPlan, stateSize: number, batchSize: number): void {
    this.#key = undefined;
    const perRow = plan.storedBytes / 8 + stateSize;
    const fits = plan.storedBytes <= plan.budget ? Math.floor(this.#budget / (8 * perRow)) : 0;
    this.#perRow = perRow;
    this.#count = Math.min(batchSize, fits);
  }

  /** Keeps row `row` (if it fits): the plan's states after its forward pass, and `psi`. */
  save(row: number, plan: AdjointPlan, psi: Float64Array): void {
    if (row >= this.#count || !plan.stored) return;
    // Allocated on the first row kept (a batch on the real-state path keeps none).
    if (this.#arena.length < this.#count * this.#perRow)
      this.#arena = new Float64Array(this.#count * this.#perRow);
    const at = row * this.#perRow;
    plan.saveStates(this.#arena.subarray(at, at + this.#perRow - psi.length));
    this.#arena.set(psi, at + this.#perRow - psi.length);
  }

  /** Marks the kept rows as those of this batch, bound at the program's `version`. */
  finish(options: Omit<KeptKey, 'version'>, version: number): void {
    this.#key = {
      inputs: options.inputs.slice(),
      weights: options.weights.slice(),
      batchSize: options.batchSize,
      version,
    };
  }

  /** Whether the kept rows belong to this batch (same rows, same weights, no gate changed since). */
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

  /**
   * Puts row `row`'s kept states back into `plan` and its final state into `psi`; false (and
   * nothing changed) when that row was not kept.
   */
  restore(row: number, plan: AdjointPlan, psi: Float64Array): boolean {
    if (row >= this.#count) return false;
    const at = row * this.#perRow;
    plan.loadStates(this.#arena.subarray(at, at + this.#perRow - psi.length));
    psi.set(this.#arena.subarray(at + this.#perRow - psi.length, at + this.#perRow));
    return true;
  }
}

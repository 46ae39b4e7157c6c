import type { KeptViews } from './adjointPass.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

/** What {@link KeptLane} needs of an adjoint plan (the complex `AdjointPlan` or `RealAdjointPlan`). */
export interface KeptPlan {
  /** Bytes the states its forward pass keeps for one row take. */
  readonly storedBytes: number;
  /** Bytes the kept states may take; above it the plan keeps nothing. */
  readonly budget: number;
  /** Views for its forward pass over `region` (`storedBytes / 8` numbers). */
  viewsIn(region: Float64Array): KeptViews;
}

/** One row's place: the plan's kept states, and the state the forward pass runs in (the final one). */
export interface KeptSlot {
  readonly views: KeptViews;
  readonly final: Float64Array;
}

/**
 * The slots of the rows that take one adjoint path: per row, the states its plan keeps and the
 * final state (`stateSize` numbers: 2^n complex amplitudes on the complex path, 2^n reals on the
 * real one). Allocated on first use and reused from batch to batch: in `memory` when given and
 * it has room (all the slots the budget allows at once; untouched pages cost nothing), else one
 * ordinary array per slot.
 */
export class KeptLane {
  readonly plan: KeptPlan;
  readonly #memory: WasmStateMemory | undefined;
  /** Numbers one row takes: the plan's kept states, then the final state. */
  readonly #perRow: number;
  readonly #slots: KeptSlot[] = [];
  /** The slots' memory when in `memory` (undefined: not tried yet or no room; null: no room). */
  #arena: Float64Array | null | undefined;

  /** `stateSize`: numbers of the final state; `memory`: where the slots go when it has room. */
  constructor(plan: KeptPlan, stateSize: number, memory?: WasmStateMemory) {
    this.plan = plan;
    this.#memory = memory;
    this.#perRow = plan.storedBytes / 8 + stateSize;
  }

  /** Bytes one row's slot takes. */
  get rowBytes(): number {
    return 8 * this.#perRow;
  }

  /** Whether the plan keeps its states at all (when it does not, its rows get no slot). */
  get keeps(): boolean {
    return this.plan.storedBytes <= this.plan.budget;
  }

  /** Slot number `index` (< `capacity`, the most slots this lane will ever be asked for). */
  slot(index: number, capacity: number): KeptSlot {
    const known = this.#slots[index];
    if (known !== undefined) return known;
    const perRow = this.#perRow;
    if (this.#arena === undefined) this.#arena = this.#memory?.allocate(capacity * perRow) ?? null;
    const at = index * perRow;
    const region = this.#arena?.subarray(at, at + perRow) ?? new Float64Array(perRow);
    const stored = this.plan.storedBytes / 8;
    const slot = {
      views: this.plan.viewsIn(region.subarray(0, stored)),
      final: region.subarray(stored),
    };
    this.#slots[index] = slot;
    return slot;
  }
}

import type { CompiledExpression } from './compileExpression.js';
import type { Step } from './fusionPlan.js';
import type { ProgramOp } from './program.js';
import { WMode } from './realAdjointKernels.js';

// The units of the real adjoint sweep: the forward plan's steps with the parameter slots of
// their factors, consecutive chaining CNOT·(A⊗B) pairs joined for the two-link kernel.

/** A parameter of a gate in a step: its gate, parameter index and expression. */
export interface Slot {
  readonly op: ProgramOp;
  readonly k: number;
  readonly expr: CompiledExpression;
  /**
   * For a rotation that is alone in its run or step, D·U† is its constant generator −iP/2, whose
   * real part is [[0, −½], [½, 0]] for RY and 0 for RX, RZ and the phase gate: `'ry'` (bracket
   * W[1][0] − W[0][1]), `'zero'`, or undefined for the general product.
   */
  readonly generator: 'ry' | 'zero' | undefined;
}

/** A CNOT·(A⊗B) step with the slots of A and B and the W each factor needs. */
export interface PairUnit {
  readonly kind: 'pair';
  readonly step: Step;
  readonly slotsA: Slot[];
  readonly slotsB: Slot[];
  readonly modeA: WMode;
  readonly modeB: WMode;
}

/** The W a factor with these parameter slots needs. */
function modeOf(slots: readonly Slot[]): WMode {
  if (slots.length === 0) return WMode.none;
  return slots.every((slot) => slot.generator !== undefined) ? WMode.antisymmetric : WMode.full;
}

/** A unit of the backward sweep. */
export type RealAdjointStep =
  | PairUnit
  | { readonly kind: 'chain'; readonly first: PairUnit; readonly second: PairUnit }
  | { readonly kind: 'one'; readonly step: Step; readonly slots: Slot[] }
  | { readonly kind: 'two'; readonly step: Step };

function generatorOf(op: ProgramOp, alone: boolean): Slot['generator'] {
  if (!alone) return undefined;
  if (op.base === 'ry') return 'ry';
  return op.base === 'rx' || op.base === 'rz' || op.base === 'p' ? 'zero' : undefined;
}

function slotsOf(ops: readonly ProgramOp[]): Slot[] {
  return ops.flatMap((op) =>
    op.exprs.flatMap((expr, k) =>
      expr.symbols.length === 0
        ? []
        : [{ op, k, expr, generator: generatorOf(op, ops.length === 1) }],
    ),
  );
}

/** The unit of one step, or undefined when the real sweep cannot take it. */
export function classify(step: Step): RealAdjointStep | undefined {
  if (step.cxPair !== undefined) {
    const [slotsA, slotsB] = [slotsOf(step.runs[0]!), slotsOf(step.runs[1]!)];
    return { kind: 'pair', step, slotsA, slotsB, modeA: modeOf(slotsA), modeB: modeOf(slotsB) };
  }
  const slots = slotsOf([...step.runs.flat(), ...(step.core === undefined ? [] : [step.core])]);
  if (step.dim === 2) return { kind: 'one', step, slots };
  // A real 4×4 step with parameters would need a 4×4 W: left to the complex sweep.
  return step.dim === 4 && slots.length === 0 ? { kind: 'two', step } : undefined;
}

/** Whether pair `second` chains after pair `first` as in the forward chain kernel. */
function chains(first: Step, second: Step): boolean {
  const [qa, qb] = first.targets;
  return second.targets[0] === qb && second.targets[1] !== qa && !second.cxPair!.useA;
}

/** Whether the chain kernel can take a pair: no factor needs the full W. */
function antisymmetricOnly(unit: PairUnit): boolean {
  return unit.modeA !== WMode.full && unit.modeB !== WMode.full;
}

/** Joins consecutive chaining pairs into chain units (from `chainMinQubits` qubits). */
export function joinChains(
  units: RealAdjointStep[],
  n: number,
  chainMinQubits: number,
): RealAdjointStep[] {
  if (n < chainMinQubits) return units;
  const out: RealAdjointStep[] = [];
  for (let i = 0; i < units.length; i++) {
    const first = units[i]!;
    const second = units[i + 1];
    if (
      first.kind === 'pair' &&
      second?.kind === 'pair' &&
      chains(first.step, second.step) &&
      antisymmetricOnly(first) &&
      antisymmetricOnly(second)
    ) {
      out.push({ kind: 'chain', first, second });
      i++;
    } else out.push(first);
  }
  return out;
}

/** Whether a unit has parameters. */
export const hasSlots = (s: RealAdjointStep): boolean =>
  s.kind === 'chain'
    ? hasSlots(s.first) || hasSlots(s.second)
    : s.kind === 'pair'
      ? s.slotsA.length + s.slotsB.length > 0
      : s.kind === 'one' && s.slots.length > 0;

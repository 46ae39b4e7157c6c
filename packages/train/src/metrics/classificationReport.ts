import { checkNumber, invalidArgument } from '../internal/errors.js';
import { assertLabels } from '../losses/loss.js';

/** Predicted and true class indices of the same samples. */
export interface ClassLabels {
  readonly predicted: ArrayLike<number>;
  readonly actual: ArrayLike<number>;
  readonly numClasses: number;
}

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** True samples of the class. */
  readonly support: number;
}

/** Accuracy, per-class scores and their unweighted (macro) means. */
export interface ClassificationReport {
  readonly accuracy: number;
  readonly perClass: readonly ClassScores[];
  readonly macro: Omit<ClassScores, 'support'>;
  readonly confusion: readonly (readonly number[])[];
}

/**
 * The confusion matrix: `matrix[actual][predicted]` counts. Labels outside `0 … numClasses-1`
 * throw `LABEL_OUT_OF_RANGE`; mismatched lengths throw `SHAPE_MISMATCH`.
 */
export function confusionMatrix(labels: ClassLabels): number[][] {
  const k = checkNumber('numClasses', labels.numClasses, { min: 1, integer: true });
  const { predicted, actual } = labels;
  if (predicted.length !== actual.length) {
    throw invalidArgument(
      `predicted (${predicted.length}) and actual (${actual.length}) labels differ in length`,
      { predicted: predicted.length, actual: actual.length },
      'SHAPE_MISMATCH',
    );
  }
  const inRange = (v: number) => Number.isInteger(v) && v >= 0 && v < k;
  assertLabels(Float64Array.from(actual), inRange, `a class index in [0, ${k - 1}]`);
  assertLabels(Float64Array.from(predicted), inRange, `a class index in [0, ${k - 1}]`);
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) matrix[actual[i]!]![predicted[i]!]!++;
  return matrix;
}

/** The fraction of samples whose predicted class is the true one (0 for no samples). */
export function accuracy(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) hits++;
  return actual.length === 0 ? 0 : hits / actual.length;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Accuracy, precision, recall and F1 per class and macro-averaged, with the confusion matrix.
 * A score whose denominator is zero counts as 0 (scikit-learn's `zero_division=0`).
 */
export function classificationReport(labels: ClassLabels): ClassificationReport {
  const confusion = confusionMatrix(labels);
  const k = confusion.length;
  const perClass: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, row) => sum + row[c]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    perClass.push({
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
      support,
    });
  }
  const mean = (key: 'precision' | 'recall' | 'f1') =>
    perClass.reduce((sum, s) => sum + s[key], 0) / k;
  return {
    accuracy: accuracy(labels.predicted, labels.actual),
    perClass,
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    confusion,
  };
}

/**
 * Class indices from model outputs: the arg-max of each row, or for one output per row a
 * threshold at `threshold` (0 for logits/margins).
 */
export function predictClasses(
  output: Float64Array,
  outputSize: number,
  threshold = 0,
): Int32Array {
  const rows = output.length / outputSize;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (outputSize === 1) {
      out[r] = output[r]! > threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < outputSize; j++) {
      if (output[r * outputSize + j]! > output[r * outputSize + best]!) best = j;
    }
    out[r] = best;
  }
  return out;
}

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pca, Scaler } from '@qstore/data';
import { type Model, type PreprocessingStep, saveModel } from '@qstore/train';

/** The `kind`s of the preprocessing steps the demo stores inside its model file, in order. */
export const DEMO_PREPROCESSING_KINDS = ['pca', 'scaler', 'classes'] as const;

/**
 * Saves the trained model with `@qstore/train`'s `saveModel`: architecture, weights and, inside
 * the same `model.json`, the fitted PCA and scaler it needs at inference plus the class names,
 * so the folder is self-contained (`loadDemoModel` rebuilds all of it).
 */
export async function saveDemoModel(
  dir: string,
  parts: { model: Model; pca: Pca; scaler: Scaler; classes: readonly string[] },
): Promise<void> {
  const preprocessing: PreprocessingStep[] = [
    { kind: 'pca', state: parts.pca.toJSON() },
    { kind: 'scaler', state: parts.scaler.toJSON() },
    { kind: 'classes', state: [...parts.classes] },
  ];
  await mkdir(dir, { recursive: true });
  await saveModel(parts.model, dir, { preprocessing });
  // Older demo versions kept the preprocessing in a separate file; do not leave a stale one.
  await rm(join(dir, 'preprocessing.json'), { force: true });
}

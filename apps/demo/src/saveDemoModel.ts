import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pca, Scaler } from '@qstore/data';
import { type Model, saveModel } from '@qstore/train';

/** The file next to the model that holds the fitted preprocessing. */
export const PREPROCESSING_FILE = 'preprocessing.json';

/**
 * Saves the trained model (architecture + weights, `@qstore/train`'s format) and the fitted PCA
 * and scaler it needs at inference, so that `loadModel(dir)` plus `Pca.fromJSON` /
 * `Scaler.fromJSON` on `preprocessing.json` reproduce its predictions.
 */
export async function saveDemoModel(
  dir: string,
  parts: { model: Model; pca: Pca; scaler: Scaler; classes: readonly string[] },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveModel(parts.model, dir);
  const temp = join(dir, `.${PREPROCESSING_FILE}.tmp`);
  const preprocessing = {
    pca: parts.pca.toJSON(),
    scaler: parts.scaler.toJSON(),
    classes: parts.classes,
  };
  await writeFile(temp, JSON.stringify(preprocessing));
  await rename(temp, join(dir, PREPROCESSING_FILE));
}

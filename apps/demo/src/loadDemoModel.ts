import { FormatError, reshape, type Tensor } from '@qstore/core';
import { Pca, Scaler } from '@qstore/data';
import { type LoadedModel, loadModel } from '@qstore/train';

/** A saved demo model with its fitted preprocessing rebuilt. */
export interface DemoModel {
  readonly model: LoadedModel;
  readonly pca: Pca;
  readonly scaler: Scaler;
  readonly classes: readonly string[];
  /** Model outputs (`rows × classes` logits) for raw images or rows of pixels. */
  predict(raw: Tensor): Promise<Float64Array>;
}

/**
 * Loads a model saved by `saveDemoModel` and rebuilds its PCA and scaler from the states stored
 * inside `model.json` (`Pca.fromJSON`, `Scaler.fromJSON`): raw pixels in, logits out, nothing
 * else needed. A model file without them is `CORRUPT_DATA`.
 */
export async function loadDemoModel(dir: string): Promise<DemoModel> {
  const model = await loadModel(dir);
  const state = (kind: string): unknown => {
    const step = model.preprocessing.find((s) => s.kind === kind);
    if (step === undefined) {
      throw new FormatError(
        'CORRUPT_DATA',
        `${dir} holds no fitted ${kind} (found: ${model.preprocessing.map((s) => s.kind).join(', ') || 'none'})`,
        { scope: 'demo' },
      );
    }
    return step.state;
  };
  const pca = Pca.fromJSON(state('pca'));
  const scaler = Scaler.fromJSON(state('scaler'));
  const classes = (state('classes') as unknown[]).map(String);
  return {
    model,
    pca,
    scaler,
    classes,
    async predict(raw) {
      const rows = raw.shape[0] ?? 0;
      const features = scaler.transform(pca.transform(reshape(raw, [rows, -1])));
      return model.forward(features.data, rows, { training: false });
    },
  };
}

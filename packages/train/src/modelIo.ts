import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError, NotFoundError, parseWithSchema } from '@qstore/core';
import { z } from 'zod';
import { writeFileAtomic } from './internal/atomicWrite.js';
import { checkpointMismatch, SCOPE } from './internal/errors.js';
import { decodeFloat64, encodeFloat64, sha256 } from './internal/weightsCodec.js';
import type { LayerConfig } from './layer.js';
import { type LayerFactory, layerFromConfig } from './layerRegistry.js';
import {
  normalizePreprocessing,
  type PreprocessingStep,
  preprocessingSchema,
} from './preprocessingSteps.js';
import type { Model, ModelArchitecture } from './sequential.js';
import { sequential } from './sequential.js';

/** The architecture file of a saved model. */
export const MODEL_FILE = 'model.json';
/** The weights file of a saved model: little-endian float64 values. */
export const WEIGHTS_FILE = 'weights.bin';

const savedModelSchema = z.object({
  format: z.literal('qstore-model'),
  version: z.literal(1),
  inputSize: z.number().int().positive(),
  layers: z.array(z.looseObject({ type: z.string() })).min(1),
  weights: z.object({
    file: z.string(),
    count: z.number().int().nonnegative(),
    sha256: z.string(),
  }),
  preprocessing: preprocessingSchema,
});

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /**
   * Fitted preprocessing stored inside `model.json` (e.g. a PCA and a scaler as
   * `[{ kind: 'pca', state: pca.toJSON() }, { kind: 'scaler', state: scaler.toJSON() }]`), so the
   * saved model is self-contained; {@link loadModel} returns it as `preprocessing`.
   */
  preprocessing?: readonly PreprocessingStep[];
}

/** A model read back by {@link loadModel}, with the preprocessing it was saved with. */
export interface LoadedModel extends Model {
  /** The fitted preprocessing steps saved with the model, in order (`[]` when none). */
  readonly preprocessing: readonly PreprocessingStep[];
}

/** Whether two architectures describe the same model (same layers, sizes and options). */
export function sameArchitecture(a: ModelArchitecture, b: ModelArchitecture): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Throws `CHECKPOINT_MISMATCH` unless `saved` is `model`'s architecture. */
export function assertArchitecture(model: Model, saved: ModelArchitecture, where: string): void {
  const own = model.architecture();
  if (!sameArchitecture(own, saved)) {
    throw checkpointMismatch(
      `${where} holds another architecture: expected ${JSON.stringify(own.layers)} on ${own.inputSize} inputs, found ${JSON.stringify(saved.layers)} on ${saved.inputSize}`,
      { expected: own, found: saved },
    );
  }
}

/**
 * Saves a model to a folder as `model.json` (architecture + weight hash + the optional fitted
 * preprocessing) and `weights.bin`. Each file is written atomically, weights first, so an
 * interrupted save never leaves a readable pair that does not belong together. Preprocessing
 * whose state JSON cannot hold is refused (`INVALID_ARGUMENT`) before anything is written.
 */
export async function saveModel(
  model: Model,
  dir: string,
  options: SaveModelOptions = {},
): Promise<void> {
  const preprocessing =
    options.preprocessing === undefined ? undefined : normalizePreprocessing(options.preprocessing);
  const bytes = encodeFloat64(model.params);
  await writeFileAtomic(join(dir, WEIGHTS_FILE), bytes);
  const saved = {
    ...model.architecture(),
    weights: { file: WEIGHTS_FILE, count: model.params.length, sha256: sha256(bytes) },
    ...(preprocessing === undefined ? {} : { preprocessing }),
  };
  await writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(saved, null, 2)}\n`);
}

/** Reads and checks a saved model folder: its architecture and its weights. */
export async function readSavedModel(dir: string): Promise<{
  architecture: ModelArchitecture;
  weights: Float64Array;
  preprocessing: PreprocessingStep[];
}> {
  const text = await readFile(join(dir, MODEL_FILE), 'utf8').catch((error: unknown) => {
    throw new NotFoundError('NOT_FOUND', `no saved model in ${dir} (${MODEL_FILE} missing)`, {
      scope: SCOPE,
      cause: error,
    });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FormatError('CORRUPT_DATA', `${join(dir, MODEL_FILE)} is not valid JSON`, {
      scope: SCOPE,
      cause: error,
    });
  }
  const saved = parseWithSchema(savedModelSchema, json, { scope: SCOPE, what: MODEL_FILE });
  const bytes = new Uint8Array(await readFile(join(dir, saved.weights.file)));
  if (bytes.byteLength !== saved.weights.count * 8 || sha256(bytes) !== saved.weights.sha256) {
    throw new FormatError(
      'HASH_MISMATCH',
      `${join(dir, saved.weights.file)} does not match ${MODEL_FILE} (expected ${saved.weights.count} float64 values with the recorded SHA-256)`,
      { scope: SCOPE },
    );
  }
  const { weights: _weights, preprocessing, ...architecture } = saved;
  return {
    architecture: { ...architecture, layers: architecture.layers as LayerConfig[] },
    weights: decodeFloat64(bytes, WEIGHTS_FILE),
    preprocessing,
  };
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Factories of layer types beyond the built-ins (e.g. a quantum layer bound to a backend). */
  layers?: Readonly<Record<string, LayerFactory>>;
}

/**
 * Rebuilds a model saved by {@link saveModel} (or a checkpoint folder), with its weights and the
 * fitted preprocessing it was saved with.
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const { architecture, weights, preprocessing } = await readSavedModel(dir);
  const specs = architecture.layers.map((config) => layerFromConfig(config, options.layers));
  const model = sequential(specs, { inputSize: architecture.inputSize });
  assertArchitecture(model, architecture, dir);
  model.params.set(weights);
  return Object.assign(model, { preprocessing });
}

/** Loads saved weights into an existing model; `CHECKPOINT_MISMATCH` for another architecture. */
export async function loadWeights(model: Model, dir: string): Promise<void> {
  const { architecture, weights } = await readSavedModel(dir);
  assertArchitecture(model, architecture, dir);
  model.params.set(weights);
}

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Pca, Scaler } from '@qstore/data';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { rotationBackend, rotationCircuit } from '../test/rotationBackend.js';
import type { LayerConfig } from './layer.js';
import { relu, softmax } from './layers/activation.js';
import { backendLayer } from './layers/backendLayer.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { loadModel, loadWeights, MODEL_FILE, saveModel, WEIGHTS_FILE } from './modelIo.js';
import type { PreprocessingStep } from './preprocessingSteps.js';
import { sequential } from './sequential.js';

describe('saveModel / loadModel', () => {
  const tempDir = useTempDirs();
  const make = (seed: number) =>
    sequential(
      [
        dense({ units: 5, init: 'he-uniform' }),
        relu(),
        dropout({ rate: 0.1, seed: 4 }),
        dense({ units: 3, bias: false }),
        softmax(),
      ],
      {
        inputSize: 4,
        seed,
      },
    );

  it('should round-trip architecture and weights exactly as JSON + little-endian float64', async () => {
    const dir = await tempDir();
    const model = make(1);
    await saveModel(model, dir);
    const json = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
    expect(json.layers.map((l: LayerConfig) => l.type)).toEqual([
      'dense',
      'activation',
      'dropout',
      'dense',
      'activation',
    ]);
    expect((await readFile(join(dir, WEIGHTS_FILE))).byteLength).toBe(model.parameterCount * 8);
    const loaded = await loadModel(dir);
    expect(loaded.params).toEqual(model.params);
    expect(loaded.architecture()).toEqual(model.architecture());
    const x = Float64Array.from({ length: 8 }, (_, i) => i / 3 - 1);
    expect(await loaded.forward(x, 2, { training: false })).toEqual(
      await model.forward(x, 2, { training: false }),
    );
    const other = make(2);
    await loadWeights(other, dir);
    expect(other.params).toEqual(model.params);
  });

  it('should rebuild custom layers through factories (a quantum backend layer)', async () => {
    const dir = await tempDir();
    const backend = rotationBackend();
    const { circuit, observables } = rotationCircuit(2);
    const model = sequential(
      [dense({ units: 2 }), backendLayer({ backend, circuit, observables })],
      { inputSize: 3, seed: 5 },
    );
    await saveModel(model, dir);
    await expectQStoreError(() => loadModel(dir), 'UNKNOWN_PLUGIN', /backend-circuit/);
    const loaded = await loadModel(dir, {
      layers: {
        'backend-circuit': (c) =>
          backendLayer({
            backend,
            circuit: c['circuit'] as typeof circuit,
            observables: c['observables'] as typeof observables,
          }),
      },
    });
    expect(loaded.params).toEqual(model.params);
  });

  it('should refuse another architecture, torn weights and bad JSON with codes', async () => {
    const dir = await tempDir();
    await saveModel(make(1), dir);
    const wider = sequential([dense({ units: 6 }), relu(), dense({ units: 3 })], { inputSize: 4 });
    await expectQStoreError(
      () => loadWeights(wider, dir),
      'CHECKPOINT_MISMATCH',
      /another architecture/,
    );
    const bytes = await readFile(join(dir, WEIGHTS_FILE));
    bytes[3] = bytes[3]! ^ 0xff;
    await writeFile(join(dir, WEIGHTS_FILE), bytes);
    await expectQStoreError(() => loadModel(dir), 'HASH_MISMATCH');
    await writeFile(join(dir, MODEL_FILE), '{"format":"qstore-model"');
    await expectQStoreError(() => loadModel(dir), 'CORRUPT_DATA');
    await writeFile(join(dir, MODEL_FILE), '{"format":"qstore-model","version":2}');
    await expectQStoreError(() => loadModel(dir), 'INVALID_CONFIG', /version/);
    await expectQStoreError(() => loadModel(join(dir, 'missing')), 'NOT_FOUND');
  });

  it('should store fitted preprocessing inside model.json and give it back with the model', async () => {
    const dir = await tempDir();
    // A real PCA and scaler of @qstore/data (a dev dependency only: train stores opaque JSON).
    const rows = 40;
    const raw = Float64Array.from(
      { length: rows * 6 },
      (_, i) => Math.sin(i * 0.37) + (i % 6) * 0.1,
    );
    const x = { dtype: 'float64' as const, shape: [rows, 6], data: raw };
    const pca = Pca.fit(x, { nComponents: 4, seed: 1 });
    const scaler = Scaler.fit(pca.transform(x), { method: 'zscore' });
    const model = make(3);
    const preprocessing: PreprocessingStep[] = [
      { kind: 'pca', state: pca }, // objects with toJSON are stored as their JSON
      { kind: 'scaler', state: scaler.toJSON() },
      { kind: 'classes', state: ['a', 'b', 'c'] },
    ];
    await saveModel(model, dir, { preprocessing });
    const json = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
    expect(json.preprocessing.map((s: PreprocessingStep) => s.kind)).toEqual([
      'pca',
      'scaler',
      'classes',
    ]);

    const loaded = await loadModel(dir);
    expect(loaded.preprocessing).toEqual(JSON.parse(JSON.stringify(preprocessing)));
    // Rebuilt preprocessing + reloaded model reproduce the original predictions exactly.
    const features = (p: Pca, s: Scaler) => s.transform(p.transform(x)).data as Float64Array;
    const original = await model.forward(features(pca, scaler), rows, { training: false });
    const restored = await loaded.forward(
      features(
        Pca.fromJSON(loaded.preprocessing[0]!.state),
        Scaler.fromJSON(loaded.preprocessing[1]!.state),
      ),
      rows,
      { training: false },
    );
    expect(restored).toEqual(original);

    // Saved without preprocessing (also every file written before this option): none.
    const plain = await tempDir();
    await saveModel(model, plain);
    expect(
      JSON.parse(await readFile(join(plain, MODEL_FILE), 'utf8')).preprocessing,
    ).toBeUndefined();
    expect((await loadModel(plain)).preprocessing).toEqual([]);
    const other = make(4);
    await loadWeights(other, dir);
    expect(other.params).toEqual(model.params);
  });

  it('should refuse preprocessing that JSON cannot hold without touching the saved model', async () => {
    const dir = await tempDir();
    const model = make(5);
    await saveModel(model, dir, { preprocessing: [{ kind: 'scale', state: { factor: 2 } }] });
    const before = await readFile(join(dir, MODEL_FILE), 'utf8');
    const bad: [PreprocessingStep[], RegExp][] = [
      [[{ kind: 'mean', state: { mean: Number.NaN } }], /mean is NaN/],
      [[{ kind: 'pca', state: { components: new Float64Array(3) } }], /typed array/],
      [[{ kind: '', state: {} }], /non-empty string kind/],
      [[{ kind: 'fn', state: { apply: () => 1 } }], /function/],
    ];
    for (const [preprocessing, message] of bad) {
      await expectQStoreError(
        () => saveModel(make(6), dir, { preprocessing }),
        'INVALID_ARGUMENT',
        message,
      );
    }
    expect(await readFile(join(dir, MODEL_FILE), 'utf8')).toBe(before);
    expect((await loadModel(dir)).params).toEqual(model.params);
    await writeFile(join(dir, MODEL_FILE), before.replace('"kind": "scale"', '"kind": 3'));
    await expectQStoreError(() => loadModel(dir), 'INVALID_CONFIG', /preprocessing/);
  });
});

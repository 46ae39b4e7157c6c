import { readFileSync } from 'node:fs';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { expectRelClose } from '../../test/closeTo.js';
import { adagrad } from './adagrad.js';
import { adam, adamW } from './adam.js';
import { clipGradNorm, clipGradValue } from './clipGradients.js';
import type { Optimizer } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

interface Case {
  // biome-ignore lint/suspicious/noExplicitAny: fixture options are untyped JSON
  options: any;
  clip?: { kind: 'norm' | 'value'; value: number };
  trajectory: number[][];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/torch-optimizers.json', import.meta.url), 'utf8'),
) as { p0: number[]; gradients: number[][]; cases: Record<string, Case> };

const MAKERS: Record<string, (o: Case['options']) => Optimizer> = {
  sgd: (o) => sgd(o),
  'sgd-momentum': (o) => sgd(o),
  'sgd-nesterov': (o) => sgd(o),
  adam: (o) => adam(o),
  'adam-wd-amsgrad': (o) => adam(o),
  adamw: (o) => adamW(o),
  rmsprop: (o) => rmsprop(o),
  'rmsprop-centered-momentum': (o) => rmsprop(o),
  adagrad: (o) => adagrad(o),
  'adagrad-decay': (o) => adagrad(o),
  'sgd-clip-norm': (o) => sgd(o),
  'sgd-clip-value': (o) => sgd(o),
};

describe('optimizers against PyTorch 1.13', () => {
  for (const [name, testCase] of Object.entries(fixture.cases)) {
    it(`should follow torch's ${name} trajectory to 1e-12`, () => {
      const make = MAKERS[name];
      expect(make, `no maker for fixture case ${name}`).toBeDefined();
      const optimizer = make!(testCase.options);
      const params = Float64Array.from(fixture.p0);
      testCase.trajectory.forEach((expected, step) => {
        const grads = Float64Array.from(fixture.gradients[step]!);
        if (testCase.clip?.kind === 'norm') clipGradNorm(grads, testCase.clip.value);
        if (testCase.clip?.kind === 'value') clipGradValue(grads, testCase.clip.value);
        optimizer.step(params, grads);
        expectRelClose(params, expected);
      });
    });
  }

  it('should continue the exact trajectory after a state round trip through JSON', () => {
    const testCase = fixture.cases['adam-wd-amsgrad']!;
    const straight = adam(testCase.options);
    const expected = Float64Array.from(fixture.p0);
    for (const g of fixture.gradients) straight.step(expected, Float64Array.from(g));
    const first = adam(testCase.options);
    const params = Float64Array.from(fixture.p0);
    for (let step = 0; step < 10; step++) {
      first.step(params, Float64Array.from(fixture.gradients[step]!));
    }
    const second = adam(testCase.options);
    second.setState(JSON.parse(JSON.stringify(first.getState())));
    for (let step = 10; step < fixture.gradients.length; step++) {
      second.step(params, Float64Array.from(fixture.gradients[step]!));
    }
    expect(params).toEqual(expected);
  });

  it('should refuse a state from another optimizer and bad options', async () => {
    const state = sgd({ lr: 0.1 }).getState();
    await expectQStoreError(() => adam({ lr: 0.1 }).setState(state), 'CHECKPOINT_MISMATCH');
    await expectQStoreError(() => adam({ lr: -1 }), 'INVALID_ARGUMENT', /lr/);
    await expectQStoreError(() => sgd({ lr: 0.1, nesterov: true }), 'INVALID_ARGUMENT');
    await expectQStoreError(() => adam({ lr: 0.1 }).setState({ name: 'adam' }), 'INVALID_CONFIG');
  });
});

import { describe, expect, it } from 'vitest';
import { datasetConfigSchema } from './datasetConfig.js';
import { parseWithSchema } from './parseWithSchema.js';

const parse = (value: unknown) =>
  parseWithSchema(datasetConfigSchema, value, { scope: 'data', what: 'DatasetConfig' });

describe('datasetConfigSchema', () => {
  it('should fill defaults for a minimal config', () => {
    expect(parse({ name: 'mnist', source: 'keras' })).toEqual({
      name: 'mnist',
      source: 'keras',
      sourceParams: {},
      preprocessing: [],
      seed: 42,
    });
  });

  it('should accept split ratios that sum to 1 and default missing ones to 0', () => {
    const config = parse({ name: 'a', source: 'local', split: { train: 0.8, test: 0.2 } });
    expect(config.split).toEqual({ train: 0.8, val: 0, test: 0.2 });
    expect(
      parse({ name: 'a', source: 'b', split: { train: 0.7, val: 0.15, test: 0.15 } }).split?.val,
    ).toBe(0.15);
  });

  it('should reject ratios that do not sum to 1 with the path in the message', () => {
    expect(() => parse({ name: 'a', source: 'b', split: { train: 0.8, val: 0.3 } })).toThrowError(
      /invalid DatasetConfig: split: train \+ val \+ test must sum to 1/,
    );
  });

  it('should reject a missing source and a non-finite seed', () => {
    expect(() => parse({ name: 'a' })).toThrowError(/source:/);
    expect(() => parse({ name: 'a', source: 'b', seed: Number.POSITIVE_INFINITY })).toThrowError(
      /seed/,
    );
  });
});

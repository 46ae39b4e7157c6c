import { describe, expect, it } from 'vitest';
import { trackingTarget } from './trackingTarget.js';

describe('trackingTarget', () => {
  it('should log to ./mlruns by default, to MLFLOW_TRACKING_URI when set, plus TensorBoard on request', () => {
    expect(trackingTarget([], {}).uris).toEqual(['./mlruns']);
    expect(trackingTarget([], { MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000' }).uris).toEqual([
      'http://127.0.0.1:5000',
    ]);
    const both = trackingTarget(['--tensorboard', 'logs'], {});
    expect(both.uris).toEqual(['./mlruns', 'tensorboard:logs']);
    const lines = both.howToOpen('abc', '1');
    expect(lines[0]).toMatch(/mlflow ui --backend-store-uri \.\/mlruns/);
    expect(lines[1]).toMatch(/tensorboard --logdir logs/);
    expect(trackingTarget(['--no-track'], {}).uris).toEqual([]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testTracker, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { readFields } from '../tensorboard/protobuf.js';
import { type EventRecord, readEventFile } from '../tensorboard/readEventFile.js';
import { tensorboardTracker } from './tensorboardTracker.js';

async function eventsOf(dir: string): Promise<EventRecord[]> {
  const file = readdirSync(dir).find((f) => f.includes('tfevents'));
  return readEventFile(join(dir, file!));
}

const decoder = new TextDecoder();

// Decodes HParamsPluginData.session_start_info.hparams into a plain object (spec §3.4).
function sessionHparams(content: Uint8Array): Record<string, unknown> {
  const start = readFields(content, 'hparams').find((f) => f.field === 3)!;
  const out: Record<string, unknown> = {};
  for (const entry of readFields(start.bytes!, 'start').filter((f) => f.field === 1)) {
    const [key, value] = readFields(entry.bytes!, 'entry');
    const v = readFields(value!.bytes!, 'value')[0]!;
    out[decoder.decode(key!.bytes!)] =
      v.field === 2
        ? v.fixed!.getFloat64(0, true)
        : v.field === 4
          ? v.int === 1n
          : decoder.decode(v.bytes!);
  }
  return out;
}

describe('tensorboardTracker', () => {
  const tempDir = useTempDirs('qstore-tb-');

  testTracker('tensorboard', async () => tensorboardTracker({ logdir: await tempDir() }));

  it('should write scalars, text, histograms and hparams that the strict reader reads back', async () => {
    const logdir = await tempDir();
    const tracker = tensorboardTracker({ logdir, flushIntervalMs: 60_000 });
    const run = await tracker.startRun({ experimentName: 'tune', runName: 'trial 1' });
    expect(run.dir).toBe(join(logdir, 'tune', 'trial_1'));
    await run.logParams({ lr: 0.01, ansatz: 'ry-cz', shots: 1000, noisy: true, label: '007' });
    await run.logMetrics(
      { 'train/loss': 0.5, accuracy: 0.75 },
      { step: 1, timestamp: 1700000000000 },
    );
    await run.logMetric('train/loss', 0.25, { step: 2 });
    await run.logHistogram('weights/layer0', [0.1, 0.2, 0.3, 0.4], { step: 2, buckets: 2 });
    await run.logText('# Summary\nall good', 'summary.md');
    const child = await run.startChild({ runName: 'inner' });
    expect(child.dir).toBe(join(run.dir, 'inner'));
    await child.end();
    await run.end('FAILED');

    const events = await eventsOf(run.dir);
    expect(events[0]!.fileVersion).toBe('brain.Event:2');
    const values = events.flatMap((e) =>
      e.values.map((v) => ({ ...v, step: e.step, wallTime: e.wallTime })),
    );
    const loss = values.filter((v) => v.tag === 'train/loss');
    expect(loss.map((v) => [v.step, v.scalar])).toEqual([
      [1, 0.5],
      [2, 0.25],
    ]);
    expect(loss[0]!.wallTime).toBe(1700000000);
    const hist = values.find((v) => v.tag === 'weights/layer0')!.histogram!;
    expect(hist).toMatchObject({ min: 0.1, max: 0.4, num: 4, bucket: [2, 2] });
    expect(values.find((v) => v.tag === 'artifacts/summary.md')!.text).toBe('# Summary\nall good');
    expect(readFileSync(join(run.dir, 'artifacts', 'summary.md'), 'utf8')).toBe(
      '# Summary\nall good',
    );
    const starts = values.filter((v) => v.tag === '_hparams_/session_start_info');
    expect(starts.at(-1)!.pluginName).toBe('hparams');
    expect(sessionHparams(starts.at(-1)!.pluginContent!)).toEqual({
      lr: 0.01,
      ansatz: 'ry-cz',
      shots: 1000,
      noisy: true,
      label: '007',
    });
    const end = values.find((v) => v.tag === '_hparams_/session_end_info')!;
    const endInfo = readFields(
      readFields(end.pluginContent!, 'end').find((f) => f.field === 4)!.bytes!,
      'info',
    );
    expect(endInfo.find((f) => f.field === 1)!.int).toBe(2n);
  });

  it('should give a second run of the same name its own folder and flush periodically', async () => {
    const logdir = await tempDir();
    const tracker = tensorboardTracker({ logdir, flushIntervalMs: 20 });
    const a = await tracker.startRun({ runName: 'same' });
    const b = await tracker.startRun({ runName: 'same' });
    expect(a.dir).not.toBe(b.dir);
    await a.logMetric('m', 1, { step: 1 });
    await new Promise((r) => setTimeout(r, 150));
    expect((await eventsOf(a.dir)).some((e) => e.values[0]?.tag === 'm')).toBe(true);
    await a.end();
    await b.end();
  });
});

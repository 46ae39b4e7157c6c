import { NetworkError, ValidationError } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import type { BatchChunk } from './batching.js';
import { BatchSender } from './batchSender.js';
import { isUnreachable } from './spool.js';

// The send function is the sender's injection point; here it plays a server that is down for a
// while and refuses one param.
function server() {
  const received: BatchChunk[] = [];
  let down = false;
  return {
    received,
    setDown: (value: boolean) => {
      down = value;
    },
    send: async (chunk: BatchChunk) => {
      if (down) throw new NetworkError('NETWORK_ERROR', 'connection refused');
      if (chunk.params.some((p) => p.key === 'bad'))
        throw new ValidationError('INVALID_ARGUMENT', 'refused param bad');
      received.push(chunk);
    },
  };
}

describe('BatchSender', () => {
  it('should keep everything queued while the server is unreachable and deliver it in order later', async () => {
    const s = server();
    const sender = new BatchSender({ send: s.send, flushIntervalMs: 60_000, keep: isUnreachable });
    s.setDown(true);
    sender.add({ params: { a: '1' }, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] });
    await expectQStoreError(() => sender.flush(), 'NETWORK_ERROR');
    sender.add({ metrics: [{ key: 'm', value: 2, timestamp: 2, step: 1 }] });
    expect(sender.pending().metrics.map((m) => m.step)).toEqual([0, 1]);
    s.setDown(false);
    await sender.flush();
    expect(s.received.flatMap((c) => c.metrics.map((m) => m.step))).toEqual([0, 1]);
    expect(s.received[0]!.params).toEqual([{ key: 'a', value: '1' }]);
    sender.close();
  });

  it('should drop a refused chunk, deliver the others and report the refusal once', async () => {
    const s = server();
    const sender = new BatchSender({ send: s.send, flushIntervalMs: 60_000, keep: isUnreachable });
    sender.add({ params: Object.fromEntries([...Array(100).keys()].map((i) => [`p${i}`, 'x'])) });
    sender.add({ params: { bad: 'x' }, metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] });
    await expectQStoreError(() => sender.flush(), 'INVALID_ARGUMENT', /bad/);
    expect(s.received).toHaveLength(1);
    sender.add({ metrics: [{ key: 'm', value: 2, timestamp: 2, step: 1 }] });
    await sender.flush();
    expect(s.received.at(-1)!.metrics.map((m) => m.step)).toEqual([1]);
    sender.close();
  });

  it('should send in the background once 1000 metrics wait', async () => {
    const s = server();
    const sender = new BatchSender({ send: s.send, flushIntervalMs: 60_000 });
    for (let step = 0; step < 1000; step++)
      sender.add({ metrics: [{ key: 'm', value: step, timestamp: 1, step }] });
    await new Promise((r) => setTimeout(r, 50));
    expect(s.received.flatMap((c) => c.metrics)).toHaveLength(1000);
    sender.close();
  });
});

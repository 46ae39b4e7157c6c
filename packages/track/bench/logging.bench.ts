// Logging overhead: 100,000 metric points to the local MLflow-layout store and to an MLflow REST
// server (the test server on 127.0.0.1), ours against the peer strategy MLflow's Python client
// uses without async logging (file store: open/append/close per point; REST: one log-metric
// request per point). Run: pnpm --filter @qstore/track bench
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MlflowClient } from '../src/mlflow/mlflowClient.js';
import { formatPyFloat } from '../src/pyFloat.js';
import { fileTracker } from '../src/sinks/fileTracker.js';
import { mlflowTracker } from '../src/sinks/mlflowTracker.js';
import { startMlflowServer } from '../test/mlflowServer.js';

const POINTS = 100_000;
const PEER_REST_POINTS = 3_000;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qstore-bench-'));
  dirs.push(dir);
  return dir;
};
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const rows: string[][] = [];
const report = (what: string, points: number, secs: number) => {
  rows.push([what, String(points), (points / secs).toFixed(0), ((secs / points) * 1e6).toFixed(2)]);
  return points / secs;
};

// Ours, local store: one O_APPEND write per point through a cached descriptor.
const local = fileTracker({ root: temp() });
const run = await local.startRun({ experimentName: 'bench' });
let start = process.hrtime.bigint();
for (let i = 0; i < POINTS; i++) await run.logMetric('train/loss', 1 / (i + 1), { step: i });
const oursLocal = report('local store, ours (logMetric)', POINTS, seconds(start));
start = process.hrtime.bigint();
for (let i = 0; i < POINTS / 4; i++)
  await run.logMetrics(
    { loss: 1 / (i + 1), acc: i / POINTS, lr: 0.01, grad_norm: 0.5 },
    { step: i },
  );
const perStepLocal = (seconds(start) / (POINTS / 4)) * 1e6;
report('local store, ours (logMetrics, 4 keys/step)', POINTS, seconds(start));
await run.end();
await local.dispose?.();

// Peer, local store: MLflow FileStore's strategy, open + append + close per point.
const peerDir = join(temp(), 'metrics');
mkdirSync(peerDir, { recursive: true });
start = process.hrtime.bigint();
for (let i = 0; i < POINTS; i++)
  appendFileSync(join(peerDir, 'loss'), `${Date.now()} ${formatPyFloat(1 / (i + 1))} ${i}\n`);
const peerLocal = report('local store, peer (open/append/close per point)', POINTS, seconds(start));

// Ours, REST: buffered, sent in the background in log-batch chunks; end() waits for delivery.
const server = await startMlflowServer({ root: temp() });
const remote = mlflowTracker({ trackingUri: server.url, spoolDir: temp(), env: {} });
const remoteRun = await remote.startRun({ experimentName: 'bench' });
start = process.hrtime.bigint();
for (let i = 0; i < POINTS; i++) await remoteRun.logMetric('train/loss', 1 / (i + 1), { step: i });
const callSecs = seconds(start);
await remoteRun.end();
const oursRest = report('REST, ours (buffered log-batch, incl. delivery)', POINTS, seconds(start));
report('REST, ours (time inside logMetric calls only)', POINTS, callSecs);

// Peer, REST: one runs/log-metric request per point (synchronous logging).
const client = new MlflowClient({ trackingUri: server.url, env: {} });
const peerRun = await client.createRun({
  experimentId: '0',
  runName: 'peer',
  startTime: Date.now(),
  userId: 'bench',
  tags: {},
});
start = process.hrtime.bigint();
for (let i = 0; i < PEER_REST_POINTS; i++)
  await client.http.post(
    'runs/log-metric',
    JSON.stringify({
      run_id: peerRun.info.runId,
      key: 'loss',
      value: 1 / (i + 1),
      timestamp: Date.now(),
      step: i,
    }),
    z.object({}),
  );
const peerRest = report(
  `REST, peer (one log-metric request per point; ${PEER_REST_POINTS} points)`,
  PEER_REST_POINTS,
  seconds(start),
);
await server.close();

console.log(
  `| case | points | points/s | µs/point |\n|---|---:|---:|---:|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`,
);
console.log(`\nratio local store ours/peer: ${(oursLocal / peerLocal).toFixed(2)}×`);
console.log(`ratio REST ours/peer: ${(oursRest / peerRest).toFixed(1)}×`);
console.log(
  `cost per training step logging 4 metrics to the local store: ${perStepLocal.toFixed(1)} µs`,
);
console.log(
  `→ under 1% of any step (or epoch) that takes longer than ${((perStepLocal * 100) / 1000).toFixed(2)} ms`,
);
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });

import { ProtoWriter } from './protobuf.js';

const DT_FLOAT = 1;
const DT_STRING = 7;
const DATA_CLASS_SCALAR = 1;
const DATA_CLASS_TENSOR = 2;

/** An `Event` around an optional summary (field numbers from TensorBoard's event.proto). */
function event(wallTime: number, step: number, fill?: (e: ProtoWriter) => void): Uint8Array {
  const e = new ProtoWriter().double(1, wallTime);
  if (step !== 0) e.int(2, step);
  fill?.(e);
  return e.finish();
}

function metadata(pluginName: string, dataClass?: number, content?: Uint8Array): ProtoWriter {
  const plugin = new ProtoWriter().bytes(1, pluginName);
  if (content !== undefined && content.length > 0) plugin.bytes(2, content);
  const m = new ProtoWriter().bytes(1, plugin);
  if (dataClass !== undefined) m.int(4, dataClass);
  return m;
}

function summaryEvent(wallTime: number, step: number, value: ProtoWriter): Uint8Array {
  return event(wallTime, step, (e) => e.bytes(5, new ProtoWriter().bytes(1, value)));
}

/** The first record of every event file: `file_version: "brain.Event:2"` plus the writer's name. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return event(wallTime, 0, (e) =>
    e.bytes(3, 'brain.Event:2').bytes(10, new ProtoWriter().bytes(1, 'qstore')),
  );
}

/**
 * A TF2-style scalar: a rank-0 DT_FLOAT tensor with plugin `scalars` (the bytes TensorBoard's
 * own `scalar_pb` writes). `withMetadata` only on a tag's first point, as TensorBoard does.
 */
export function scalarEvent(options: {
  tag: string;
  value: number;
  step: number;
  wallTime: number;
  withMetadata: boolean;
}): Uint8Array {
  const tensor = new ProtoWriter().int(1, DT_FLOAT).bytes(2, new ProtoWriter());
  const packed = new Uint8Array(4);
  new DataView(packed.buffer).setFloat32(0, options.value, true);
  tensor.bytes(5, packed);
  const value = new ProtoWriter().bytes(1, options.tag).bytes(8, tensor);
  if (options.withMetadata) value.bytes(9, metadata('scalars', DATA_CLASS_SCALAR));
  return summaryEvent(options.wallTime, options.step, value);
}

/** A UTF-8 text summary (plugin `text`; TensorBoard renders it as Markdown). */
export function textEvent(options: {
  tag: string;
  text: string;
  step: number;
  wallTime: number;
}): Uint8Array {
  const tensor = new ProtoWriter()
    .int(1, DT_STRING)
    .bytes(2, new ProtoWriter())
    .bytes(8, options.text);
  const value = new ProtoWriter()
    .bytes(1, options.tag)
    .bytes(8, tensor)
    .bytes(9, metadata('text', DATA_CLASS_TENSOR));
  return summaryEvent(options.wallTime, options.step, value);
}

/** The buckets of a histogram: right edges (the last is DBL_MAX) and counts of x ≤ edge. */
export interface Histogram {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

/** Counts the finite values into `buckets` equal-width buckets (NaN and ±Inf are left out). */
export function histogramOf(values: ArrayLike<number>, buckets = 30): Histogram {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumSquares = 0;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  if (finite.length === 0)
    return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  const width = (max - min) / buckets;
  const bucketLimit =
    width === 0
      ? [Number.MAX_VALUE]
      : Array.from({ length: buckets }, (_, i) =>
          i === buckets - 1 ? Number.MAX_VALUE : min + (i + 1) * width,
        );
  const bucket = new Array<number>(bucketLimit.length).fill(0);
  for (const v of finite) {
    const index =
      width === 0 ? 0 : Math.min(buckets - 1, Math.max(0, Math.ceil((v - min) / width) - 1));
    bucket[index]!++;
  }
  return { min, max, num: finite.length, sum, sumSquares, bucketLimit, bucket };
}

/** A histogram summary (`HistogramProto` in `histo`, read by both TensorBoard loaders). */
export function histogramEvent(options: {
  tag: string;
  histogram: Histogram;
  step: number;
  wallTime: number;
}): Uint8Array {
  const h = options.histogram;
  const histo = new ProtoWriter()
    .double(1, h.min)
    .double(2, h.max)
    .double(3, h.num)
    .double(4, h.sum)
    .double(5, h.sumSquares);
  histo.packedDoubles(6, h.bucketLimit).packedDoubles(7, h.bucket);
  return summaryEvent(
    options.wallTime,
    options.step,
    new ProtoWriter().bytes(1, options.tag).bytes(5, histo),
  );
}

function hparamsEvent(tag: string, content: ProtoWriter, wallTime: number): Uint8Array {
  // The value is an empty float tensor of shape [0]: {dtype: DT_FLOAT, tensor_shape: {dim: [{size: 0}]}}.
  const tensor = new ProtoWriter()
    .int(1, DT_FLOAT)
    .bytes(2, new ProtoWriter().bytes(2, new ProtoWriter()));
  const value = new ProtoWriter()
    .bytes(1, tag)
    .bytes(8, tensor)
    .bytes(9, metadata('hparams', undefined, content.finish()));
  return summaryEvent(wallTime, 0, value);
}

/** A hyperparameter value: numbers, booleans and strings as `google.protobuf.Value`. */
export type HParamValue = number | boolean | string;

function protoValue(value: HParamValue): ProtoWriter {
  if (typeof value === 'number') return new ProtoWriter().double(2, value);
  if (typeof value === 'boolean') return new ProtoWriter().int(4, value ? 1 : 0);
  return new ProtoWriter().bytes(3, value);
}

/** `_hparams_/session_start_info`: the run's hyperparameters for the HParams tab. */
export function sessionStartEvent(options: {
  hparams: Readonly<Record<string, HParamValue>>;
  groupName: string;
  startTimeSecs: number;
  wallTime: number;
}): Uint8Array {
  const info = new ProtoWriter();
  for (const key of Object.keys(options.hparams).sort())
    info.bytes(1, new ProtoWriter().bytes(1, key).bytes(2, protoValue(options.hparams[key]!)));
  if (options.groupName !== '') info.bytes(4, options.groupName);
  info.double(5, options.startTimeSecs);
  return hparamsEvent(
    '_hparams_/session_start_info',
    new ProtoWriter().bytes(3, info),
    options.wallTime,
  );
}

/** `_hparams_/session_end_info`: SUCCESS (1) or FAILURE (2) and the end time. */
export function sessionEndEvent(options: {
  success: boolean;
  endTimeSecs: number;
  wallTime: number;
}): Uint8Array {
  const info = new ProtoWriter().int(1, options.success ? 1 : 2).double(2, options.endTimeSecs);
  return hparamsEvent(
    '_hparams_/session_end_info',
    new ProtoWriter().bytes(4, info),
    options.wallTime,
  );
}

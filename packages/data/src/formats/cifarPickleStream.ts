import type { ByteBody } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import type { CifarRows } from './cifarBatcher.js';
import { checkCifarShape, cifarPlanarFromDict, isLabelList } from './cifarPickle.js';
import { isPickledArray } from './pickle.js';
import { type DeferRequest, MARK, PickleMachine } from './pickleMachine.js';
import { asText, type Global, isDeferred } from './pickleNumpy.js';

const SCOPE = 'data/cifar';
const PIXELS = 3072;
/** Bytes read from the body per request while the machine parses (and per payload read). */
const CHUNK_BYTES = 1 << 16;
/** Rows handed out per run (≈ 768 KiB, one reused buffer). */
const ROWS_PER_RUN = 256;

/** The `data` payload about to stream: its rows, their labels and how its bytes are encoded. */
interface Plan {
  readonly n: number;
  readonly labels: Uint8Array;
  /** The label list object, checked to be the one the finished dict holds. */
  readonly labelList: unknown;
  /** `raw` bytes, or `latin1`: UTF-8 text of latin1 characters (Python 3, protocol 2). */
  readonly decode: 'raw' | 'latin1';
}

/** The root dict's entries so far: those set, and the complete key/value pairs up to `last` on the stack. */
function rootEntries(stack: readonly unknown[], last: number): Map<unknown, unknown> | undefined {
  const root = stack[0];
  if (!(root instanceof Map)) return undefined;
  const entries = new Map(root);
  let at = stack[1] === MARK ? 2 : 1;
  if ((last - at + 1) % 2 !== 0) return undefined;
  for (; at < last; at += 2) {
    const key = stack[at] instanceof Uint8Array ? asText(stack[at]) : stack[at];
    entries.set(key, stack[at + 1]);
  }
  return entries;
}

/**
 * Whether a long string is the raw data of the root dict's `data` array as Keras' CIFAR pickles
 * hold it — numpy's state `(1, (n, 3072), dtype('u1'), False, <payload>)` being built under the key
 * `data` — with the `labelKey` list already read: then its plan, else `undefined` (read normally).
 */
function planPayload(request: DeferRequest, labelKey: string): Plan | undefined {
  const { stack, length, text } = request;
  let i = stack.length - 1;
  if (text) {
    if ((stack[i] as Global | undefined)?.name !== '_codecs encode') return undefined;
    i--;
  }
  if (i < 7) return undefined;
  const [mark, version, shape, dtype, fortran] = [-4, -3, -2, -1, 0].map((d) => stack[i + d]);
  const array = stack[i - 5] as { kind?: string; shape?: unknown } | undefined;
  const descr = (dtype as { kind?: string; descr?: string } | undefined)?.descr;
  if (
    mark !== MARK ||
    typeof version !== 'number' ||
    fortran !== false ||
    descr?.length !== 3 ||
    descr.slice(1) !== 'u1' ||
    !Array.isArray(shape) ||
    shape.length !== 2 ||
    shape[1] !== PIXELS ||
    !Number.isInteger(shape[0]) ||
    array?.kind !== 'ndarray' ||
    array.shape !== undefined ||
    asText(stack[i - 6]) !== 'data'
  )
    return undefined;
  const n = shape[0] as number;
  if (text ? length < n * PIXELS || length > 2 * n * PIXELS : length !== n * PIXELS)
    return undefined;
  const labelList = rootEntries(stack, i - 7)?.get(labelKey);
  if (!isLabelList(labelList, n)) return undefined;
  return { n, labels: Uint8Array.from(labelList), labelList, decode: text ? 'latin1' : 'raw' };
}

/**
 * Streams the rows of one pickled CIFAR batch (a member of Keras' python tarballs, read from
 * `body`) without holding it: the restricted unpickler (same allow-list as `unpickle`) parses the
 * pickle as its bytes come, and when it reaches the string holding the `data` array's pixels
 * (BINSTRING as Python 2 writes it, BINBYTES from Python 3 protocols 3–4, or BINUNICODE text of
 * `_codecs.encode(…, 'latin1')` from Python 3 protocol 2), its rows are handed out
 * {@link ROWS_PER_RUN} at a time through one reused buffer, with the `labelKey` labels read
 * before it. Keras' files hold the labels before `data`; a batch that pickles them after `data` is
 * read whole instead (at most the body's size). The dict is checked when the pickle ends, so a
 * corrupt tail throws after rows were handed out. `chunkBytes` (default 64 KiB) is how much is
 * asked of the body at a time.
 */
export async function* streamCifarPickleRows(
  body: ByteBody,
  labelKey: string,
  options: { readonly chunkBytes?: number } = {},
): AsyncGenerator<CifarRows> {
  const file = body.file;
  const chunk = options.chunkBytes ?? CHUNK_BYTES;
  const fail = (why: string) => formatError(SCOPE, file, why);
  let plan: Plan | undefined;
  const machine = new PickleMachine(file, {
    deferMinBytes: PIXELS,
    defer: (request) => {
      if (plan !== undefined) return false;
      plan = planPayload(request, labelKey);
      return plan !== undefined;
    },
  });
  let left = body.size;
  const input = new Uint8Array(Math.min(chunk, body.size));
  let payloadLeft = 0;
  /** The payload's next bytes (a view): what the machine buffered, then the body. */
  const piece = async (): Promise<Uint8Array> => {
    let bytes = machine.input.takeBuffered(payloadLeft);
    if (bytes.length === 0) {
      const n = Math.min(input.length, payloadLeft, left);
      const got = n === 0 ? 0 : await body.readInto(input.subarray(0, n));
      if (got === 0) throw fail("the pickle ends inside 'data'");
      left -= got;
      bytes = input.subarray(0, got);
    }
    payloadLeft -= bytes.length;
    return bytes;
  };
  async function* payloadRows(p: Plan, length: number): AsyncGenerator<CifarRows> {
    payloadLeft = length;
    const out = new Uint8Array(Math.min(ROWS_PER_RUN, p.n) * PIXELS);
    let cur: Uint8Array = new Uint8Array(0);
    let pos = 0;
    let lead = 0;
    for (let row = 0; row < p.n; ) {
      const want = Math.min(out.length, (p.n - row) * PIXELS);
      for (let filled = 0; filled < want; ) {
        if (pos === cur.length) {
          cur = await piece();
          pos = 0;
        }
        if (p.decode === 'raw') {
          const k = Math.min(want - filled, cur.length - pos);
          out.set(cur.subarray(pos, pos + k), filled);
          filled += k;
          pos += k;
          continue;
        }
        for (; filled < want && pos < cur.length; pos++) {
          const b = cur[pos]!;
          if (lead !== 0) {
            if ((b & 0xc0) !== 0x80) throw fail("'data' is not latin1 text encoded as UTF-8");
            out[filled++] = ((lead & 3) << 6) | (b & 0x3f);
            lead = 0;
          } else if (b < 0x80) out[filled++] = b;
          else if (b === 0xc2 || b === 0xc3) lead = b;
          else throw fail("_codecs.encode(…, latin1) of a character above 255 in 'data'");
        }
      }
      yield {
        src: out,
        base: 0,
        stride: PIXELS,
        labels: p.labels.subarray(row, row + want / PIXELS),
      };
      row += want / PIXELS;
    }
    if (lead !== 0 || pos < cur.length || payloadLeft > 0)
      throw fail(`'data' holds more bytes than its shape [${p.n}, ${PIXELS}] needs`);
  }
  for (;;) {
    const step = machine.run();
    if (step.state === 'more') {
      const n = Math.min(Math.max(step.need, chunk), left);
      const got = n === 0 ? 0 : await body.readInto(machine.input.reserve(n));
      left -= got;
      machine.input.commit(got, left === 0 || got === 0);
    } else if (step.state === 'payload') {
      yield* payloadRows(plan!, step.payload.length);
    } else if (plan === undefined) {
      const { planar, labels } = cifarPlanarFromDict(step.value, file, labelKey);
      if (labels.length > 0) yield { src: planar, base: 0, stride: PIXELS, labels };
      return;
    } else {
      const dict = step.value instanceof Map ? step.value : undefined;
      const data = dict?.get('data');
      if (
        !isPickledArray(data) ||
        !isDeferred(data.data) ||
        data.data.encoding !== plan.decode ||
        dict?.get(labelKey) !== plan.labelList
      )
        throw fail("the pickle's 'data' string is not the pixels of its 'data' array");
      checkCifarShape(data.shape, file);
      return;
    }
  }
}

// Writes test/fixtures/arrow/fmnist.arrows: an Arrow IPC *stream* with x (FixedSizeList<uint8>[784])
// and y (uint8) from the committed Fashion-MNIST IDX fixture, in two record batches, written by
// apache-arrow's own writer (not by @qstore/data). Run from packages/data: node scripts/makeArrowFixture.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  Field,
  FixedSizeList,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Uint8,
} from 'apache-arrow';

const images = gunzipSync(
  readFileSync('test/fixtures/keras/tf-keras-datasets/train-images-idx3-ubyte.gz'),
).subarray(16);
const labels = gunzipSync(
  readFileSync('test/fixtures/keras/tf-keras-datasets/train-labels-idx1-ubyte.gz'),
).subarray(8);
const fields = [
  new Field('x', new FixedSizeList(784, new Field('item', new Uint8(), false)), false),
  new Field('y', new Uint8(), false),
];
const schema = new Schema(fields);
const batch = (from, to) => {
  const x = makeData({
    type: fields[0].type,
    length: to - from,
    nullCount: 0,
    child: makeData({
      type: new Uint8(),
      length: (to - from) * 784,
      data: images.subarray(from * 784, to * 784),
    }),
  });
  const y = makeVector(labels.subarray(from, to)).data[0];
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: to - from, nullCount: 0, children: [x, y] }),
  );
};
mkdirSync('test/fixtures/arrow', { recursive: true });
writeFileSync(
  'test/fixtures/arrow/fmnist.arrows',
  tableToIPC(new Table(schema, [batch(0, 20), batch(20, 32)]), 'stream'),
);

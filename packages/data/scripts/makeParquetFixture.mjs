// Writes Hugging Face-layout parquet fixtures (image struct<bytes, path> + int64 ClassLabel, with the
// `huggingface` key-value metadata `datasets` writes) from test/fixtures/hf/pngs.json, which
// scripts/make_fixtures.py makes from the real Fashion-MNIST. Run from packages/data:
//   /usr/bin/python3 scripts/make_fixtures.py && node scripts/makeParquetFixture.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';

const CLASSES = [
  'T - shirt / top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
const pngs = JSON.parse(readFileSync('test/fixtures/hf/pngs.json', 'utf8'));
const features = { image: { _type: 'Image' }, label: { names: CLASSES, _type: 'ClassLabel' } };
const schema = [
  { name: 'schema', num_children: 2 },
  { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'label', type: 'INT64', repetition_type: 'OPTIONAL' },
];

function write(split, rowGroupSize) {
  const images = pngs[split].map((b64) => ({
    bytes: new Uint8Array(Buffer.from(b64, 'base64')),
    path: null,
  }));
  const labels = pngs[`${split}_labels`].map((l) => BigInt(l));
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'image', data: images },
      { name: 'label', data: labels },
    ],
    schema,
    rowGroupSize,
    kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }],
  });
  const dir = 'test/fixtures/hf/zalando-datasets/fashion_mnist/fashion_mnist';
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${split}-00000-of-00001.parquet`, new Uint8Array(buffer));
}
write('train', 8);
write('test', 100);

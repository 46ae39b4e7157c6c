import { readFileSync } from 'node:fs';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { emitMetaYaml, parseMetaYaml, yamlString } from './yaml11.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const hostile = JSON.parse(fixture('pyyaml-hostile.json')) as string[];

describe('yamlString', () => {
  it('should quote every value YAML 1.1 would read as something other than that string', () => {
    for (const value of [
      'yes',
      'on',
      'No',
      '2024-01-01',
      '1:30',
      '0x1f',
      '012',
      '~',
      '1.0e+5',
      '123',
      'true',
      'qml: demo',
      'null',
      'a:',
    ])
      expect(yamlString(value), value).toMatch(/^'.*'$/);
    expect(yamlString('qml-demo')).toBe('qml-demo');
    expect(yamlString('file:///tmp/x')).toBe('file:///tmp/x');
    expect(yamlString("it's")).toBe("'it''s'");
    expect(yamlString('line1\nline2')).toBe('"line1\\nline2"');
  });
});

describe('emitMetaYaml / parseMetaYaml', () => {
  it('should sort keys and write ints plain, null and [] like PyYAML', () => {
    const text = emitMetaYaml({
      status: 3,
      experiment_id: '0',
      tags: [],
      end_time: null,
      name: 'Default',
    });
    expect(text).toBe("end_time: null\nexperiment_id: '0'\nname: Default\nstatus: 3\ntags: []\n");
  });

  it('should read back every hostile string it writes', () => {
    const record = Object.fromEntries(hostile.map((value, i) => [`k${i}`, value]));
    expect(parseMetaYaml(emitMetaYaml(record), 'x.yaml')).toEqual(record);
  });

  it("should read PyYAML's own output, including folded long lines and quoted newlines", () => {
    const parsed = parseMetaYaml(fixture('pyyaml-hostile.yaml'), 'pyyaml-hostile.yaml');
    expect(Object.values(parsed)).toEqual(hostile);
    const meta = parseMetaYaml(fixture('pyyaml-run-meta.yaml'), 'meta.yaml');
    expect(meta['run_name']).toBe(hostile.at(-1));
    expect(meta['experiment_id']).toBe('562681461366722149');
    expect(meta['end_time']).toBeNull();
    expect(meta['tags']).toEqual([]);
    expect(meta['status']).toBe(3);
  });

  it('should report a file that is not a flat mapping as CORRUPT_DATA', async () => {
    await expectQStoreError(() => parseMetaYaml('', 'm.yaml'), 'CORRUPT_DATA', /m\.yaml/);
    await expectQStoreError(() => parseMetaYaml('- a\n- b\n', 'm.yaml'), 'CORRUPT_DATA');
    await expectQStoreError(() => parseMetaYaml("name: 'unterminated\n", 'm.yaml'), 'CORRUPT_DATA');
  });
});

import { FormatError } from '@qstore/core';

/** A value of a flat `meta.yaml` mapping. */
export type MetaValue = string | number | null | readonly never[];

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:-]*$/;
// YAML 1.1 resolves these words to booleans or null when they are not quoted.
const KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null']);
// Characters that single-quoted YAML cannot carry unchanged (line breaks fold, controls are invalid).
const ESCAPED = new Set([0x7f, 0x85, 0x2028, 0x2029, 0xfeff]);
const needsEscape = (code: number): boolean => code < 0x20 || ESCAPED.has(code);
const hasEscapes = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) if (needsEscape(value.charCodeAt(i))) return true;
  return false;
};

function quoteDouble(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (needsEscape(code)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A string as a YAML 1.1-safe scalar: plain only when PyYAML's SafeLoader reads it back as the same string. */
export function yamlString(value: string): string {
  if (PLAIN.test(value) && !KEYWORDS.has(value.toLowerCase()) && !value.endsWith(':')) return value;
  if (hasEscapes(value)) return quoteDouble(value);
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Emits a flat mapping as MLflow's PyYAML does (`sort_keys`, block style), with every string
 * quoted whenever YAML 1.1 could read it as something else (`yes`, `2024-01-01`, `1:30`, `012`).
 */
export function emitMetaYaml(record: Readonly<Record<string, MetaValue>>): string {
  const lines = Object.keys(record)
    .sort()
    .map((key) => {
      const value = record[key];
      let text: string;
      if (value === null || value === undefined) text = 'null';
      else if (Array.isArray(value)) text = '[]';
      else if (typeof value === 'number') text = String(Math.trunc(value));
      else text = yamlString(value as string);
      return `${key}: ${text}`;
    });
  return `${lines.join('\n')}\n`;
}

function unescapeDouble(body: string): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g,
    (_, esc: string) => {
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '0': '\0',
        '"': '"',
        '\\': '\\',
        '/': '/',
        ' ': ' ',
        e: '\u001b',
        N: '\u0085',
        _: '\u00a0',
        L: '\u2028',
        P: '\u2029',
      };
      if (esc.length > 1) return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
      return simple[esc] ?? esc;
    },
  );
}

// Joins the lines of a folded scalar: one break becomes a space, each further break a newline.
function fold(parts: readonly string[]): string {
  let out = parts[0] ?? '';
  let breaks = 0;
  for (const part of parts.slice(1)) {
    if (part === '') {
      breaks++;
      continue;
    }
    out += breaks > 0 ? '\n'.repeat(breaks) : out.endsWith('\\') ? '' : ' ';
    if (out.endsWith('\\')) out = out.slice(0, -1);
    out += part;
    breaks = 0;
  }
  return out;
}

function parseScalar(raw: string, file: string): MetaValue {
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2) throw corrupt(file, 'an unterminated quoted value');
    return raw.slice(1, -1).replaceAll("''", "'");
  }
  if (raw.startsWith('"')) {
    if (!raw.endsWith('"') || raw.length < 2) throw corrupt(file, 'an unterminated quoted value');
    return unescapeDouble(raw.slice(1, -1));
  }
  if (raw === '' || raw === '~' || raw.toLowerCase() === 'null') return null;
  if (raw === '[]') return [];
  if (/^[-+]?(0|[1-9][0-9]*)$/.test(raw)) return Number(raw);
  return raw;
}

function corrupt(file: string, what: string): FormatError {
  return new FormatError('CORRUPT_DATA', `${file}: expected a flat YAML mapping, found ${what}`, {
    scope: 'track/file',
    details: { file },
  });
}

/**
 * Reads a flat `meta.yaml` as written by MLflow (PyYAML) or by us: plain, single- and
 * double-quoted scalars, folded continuation lines, ints, `null` and `[]`.
 */
export function parseMetaYaml(text: string, file: string): Record<string, MetaValue> {
  const out: Record<string, MetaValue> = {};
  let key: string | undefined;
  let parts: string[] = [];
  const finish = () => {
    if (key !== undefined) out[key] = parseScalar(fold(parts), file);
  };
  for (const line of text.split(/\r?\n/)) {
    if (/^\s/.test(line) || (line === '' && key !== undefined)) {
      if (key === undefined) throw corrupt(file, 'an indented line before any key');
      parts.push(line.trim());
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/.exec(line);
    if (match === null) throw corrupt(file, `the line ${JSON.stringify(line.slice(0, 60))}`);
    finish();
    key = match[1]!;
    parts = [(match[2] ?? '').trim()];
  }
  while (parts.length > 1 && parts.at(-1) === '') parts.pop();
  finish();
  if (key === undefined) throw corrupt(file, 'an empty file');
  return out;
}

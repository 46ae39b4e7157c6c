import { FormatError } from '@qstore/core';
import { SCOPE } from './scope.js';

const SPACE = /\s+|\/\/[^\n]*/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const INTEGER = /\d+/y;

/** A character scanner over QASM text that knows lines and columns and skips comments. */
export class QasmScanner {
  readonly text: string;
  pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Matches a sticky (`/y`) pattern at the current position, without copying the text. */
  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.pos;
    return pattern.exec(this.text);
  }

  /** 1-based line and column of an offset (only computed for error messages). */
  where(offset = this.pos): { line: number; column: number } {
    const before = this.text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  }

  /** Throws a `PARSE_ERROR` pointing at `offset`. */
  fail(why: string, offset = this.pos): never {
    const { line, column } = this.where(offset);
    throw new FormatError('PARSE_ERROR', `OpenQASM ${line}:${column}: ${why}`, {
      scope: SCOPE,
      details: { line, column },
    });
  }

  /** Skips white space and `//` comments (returning `qstore:` pragma comments it passed). */
  skip(pragmas?: string[]): void {
    for (;;) {
      const match = this.match(SPACE);
      if (match === null) return;
      if (match[0].startsWith('//') && pragmas !== undefined)
        pragmas.push(match[0].slice(2).trim());
      this.pos += match[0].length;
    }
  }

  atEnd(): boolean {
    this.skip();
    return this.pos >= this.text.length;
  }

  peek(): string {
    this.skip();
    return this.text[this.pos] ?? '';
  }

  /** Consumes `token` or fails. */
  expect(token: string): void {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }

  /** Consumes `token` if present. */
  accept(token: string): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  identifier(): string {
    this.skip();
    const match = this.match(IDENTIFIER);
    if (match === null) this.fail('expected an identifier');
    this.pos += match[0].length;
    return match[0];
  }

  integer(): number {
    this.skip();
    const match = this.match(INTEGER);
    if (match === null) this.fail('expected an integer');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  /** The raw text of a comma-separated argument list up to the matching `)`, with offsets. */
  parenthesised(): { text: string; offset: number }[] {
    this.expect('(');
    const out: { text: string; offset: number }[] = [];
    let depth = 0;
    let start = this.pos;
    for (; this.pos < this.text.length; this.pos++) {
      const ch = this.text[this.pos];
      if (ch === '(') depth++;
      else if (ch === ')' && depth > 0) depth--;
      else if ((ch === ',' || ch === ')') && depth === 0) {
        out.push({ text: this.text.slice(start, this.pos), offset: start });
        start = this.pos + 1;
        if (ch === ')') {
          this.pos++;
          return out.length === 1 && out[0]!.text.trim() === '' ? [] : out;
        }
      } else if (ch === ';' || ch === '{') break;
    }
    return this.fail('unclosed "("');
  }
}

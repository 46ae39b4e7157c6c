import { FormatError } from '@qstore/core';
import { SCOPE } from './internal/scope.js';

/** A node of a parsed parameter expression. */
export type ExpressionNode =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'sym'; readonly name: string }
  | { readonly kind: 'neg'; readonly arg: ExpressionNode }
  | {
      readonly kind: 'bin';
      readonly op: '+' | '-' | '*' | '/' | '^';
      readonly left: ExpressionNode;
      readonly right: ExpressionNode;
    }
  | { readonly kind: 'call'; readonly fn: FunctionName; readonly arg: ExpressionNode };

/** The functions an expression may call. */
export type FunctionName =
  | 'sin'
  | 'cos'
  | 'tan'
  | 'exp'
  | 'ln'
  | 'sqrt'
  | 'arccos'
  | 'arcsin'
  | 'arctan';
const FUNCTIONS = new Set<string>([
  'sin',
  'cos',
  'tan',
  'exp',
  'ln',
  'sqrt',
  'arccos',
  'arcsin',
  'arctan',
]);

/** Where a parse error points: a line and column, 1-based, when the expression sits in a file. */
export interface ParseExpressionOptions {
  /** Line of the expression's first character. @default 1 */
  readonly line?: number;
  /** Column of the expression's first character. @default 1 */
  readonly column?: number;
  /** What is parsed, for the message. @default 'expression' */
  readonly what?: string;
}

interface Token {
  readonly type: 'num' | 'id' | 'op' | 'end';
  readonly text: string;
  readonly offset: number;
}

function tokenize(text: string, fail: (offset: number, why: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
      if (match === null) fail(i, `bad number near "${text.slice(i, i + 8)}"`);
      tokens.push({ type: 'num', text: match[0], offset: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ type: 'id', text: match[0], offset: i });
      i += match[0].length;
    } else if ('+-*/^()'.includes(ch)) {
      tokens.push({ type: 'op', text: ch, offset: i });
      i++;
    } else {
      fail(i, `unexpected character "${ch}"`);
    }
  }
  tokens.push({ type: 'end', text: '', offset: text.length });
  return tokens;
}

/**
 * Parses a parameter expression such as `theta`, `2*x0`, `-pi/4 + phi` or `cos(a)^2`: numbers,
 * `pi`, names, `+ - * / ^`, parentheses and the functions sin, cos, tan, exp, ln, sqrt, arccos,
 * arcsin, arctan. Throws a `FormatError` `PARSE_ERROR` with line and column on bad text.
 */
export function parseExpression(
  text: string,
  options: ParseExpressionOptions = {},
): ExpressionNode {
  const line = options.line ?? 1;
  const column = options.column ?? 1;
  const what = options.what ?? 'expression';
  const fail = (offset: number, why: string): never => {
    throw new FormatError(
      'PARSE_ERROR',
      `${line}:${column + offset}: invalid ${what} "${text}": ${why}`,
      {
        scope: SCOPE,
        details: { line, column: column + offset },
      },
    );
  };
  const tokens = tokenize(text, fail);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const take = (): Token => tokens[pos++]!;
  const expect = (op: string): void => {
    const token = take();
    if (token.text !== op || token.type !== 'op') fail(token.offset, `expected "${op}"`);
  };

  const primary = (): ExpressionNode => {
    const token = take();
    if (token.type === 'num') return { kind: 'num', value: Number(token.text) };
    if (token.type === 'id') {
      if (peek().text === '(' && peek().type === 'op') {
        if (!FUNCTIONS.has(token.text)) fail(token.offset, `unknown function "${token.text}"`);
        take();
        const arg = sum();
        expect(')');
        return { kind: 'call', fn: token.text as FunctionName, arg };
      }
      if (token.text === 'pi') return { kind: 'num', value: Math.PI };
      return { kind: 'sym', name: token.text };
    }
    if (token.text === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    return fail(
      token.offset,
      token.type === 'end' ? 'unexpected end' : `unexpected "${token.text}"`,
    );
  };
  const unary = (): ExpressionNode => {
    const token = peek();
    if (token.type === 'op' && (token.text === '-' || token.text === '+')) {
      take();
      const arg = unary();
      return token.text === '-' ? { kind: 'neg', arg } : arg;
    }
    return power();
  };
  const power = (): ExpressionNode => {
    const base = primary();
    if (peek().type === 'op' && peek().text === '^') {
      take();
      return { kind: 'bin', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const product = (): ExpressionNode => {
    let left = unary();
    while (peek().type === 'op' && (peek().text === '*' || peek().text === '/')) {
      const op = take().text as '*' | '/';
      left = { kind: 'bin', op, left, right: unary() };
    }
    return left;
  };
  const sum = (): ExpressionNode => {
    let left = product();
    while (peek().type === 'op' && (peek().text === '+' || peek().text === '-')) {
      const op = take().text as '+' | '-';
      left = { kind: 'bin', op, left, right: product() };
    }
    return left;
  };

  const tree = sum();
  const rest = peek();
  if (rest.type !== 'end') fail(rest.offset, `unexpected "${rest.text}"`);
  return tree;
}

/** The names an expression refers to, in order of first appearance. */
export function expressionSymbols(node: ExpressionNode, into: string[] = []): string[] {
  switch (node.kind) {
    case 'num':
      break;
    case 'sym':
      if (!into.includes(node.name)) into.push(node.name);
      break;
    case 'neg':
    case 'call':
      expressionSymbols(node.arg, into);
      break;
    case 'bin':
      expressionSymbols(node.left, into);
      expressionSymbols(node.right, into);
  }
  return into;
}

/** Replaces names by other expressions (used to expand QASM gate definitions). */
export function substituteExpression(
  node: ExpressionNode,
  bindings: ReadonlyMap<string, ExpressionNode>,
): ExpressionNode {
  switch (node.kind) {
    case 'num':
      return node;
    case 'sym':
      return bindings.get(node.name) ?? node;
    case 'neg':
    case 'call':
      return { ...node, arg: substituteExpression(node.arg, bindings) };
    case 'bin':
      return {
        ...node,
        left: substituteExpression(node.left, bindings),
        right: substituteExpression(node.right, bindings),
      };
  }
}

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 3 } as const;

/** Formats an expression as text that {@link parseExpression} reads back to the same value. */
export function formatExpression(node: ExpressionNode, parent = 0): string {
  switch (node.kind) {
    case 'num':
      return node.value === Math.PI ? 'pi' : String(node.value);
    case 'sym':
      return node.name;
    case 'neg':
      return `-(${formatExpression(node.arg)})`;
    case 'call':
      return `${node.fn}(${formatExpression(node.arg)})`;
    case 'bin': {
      const own = PRECEDENCE[node.op];
      // Right operands of - and / need brackets at equal precedence; ^ is right-associative.
      const leftParent = node.op === '^' ? own + 0.5 : own;
      const rightParent = node.op === '^' ? own : own + 0.5;
      const text = `${formatExpression(node.left, leftParent)}${node.op}${formatExpression(node.right, rightParent)}`;
      return own < parent ? `(${text})` : text;
    }
  }
}

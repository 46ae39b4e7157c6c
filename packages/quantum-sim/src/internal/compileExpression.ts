import type { ExpressionNode } from '../expression.js';

/** A function of the parameter environment (inputs then weights, by index). */
export type EnvFunction = (env: Float64Array) => number;

/** An expression compiled to closures: its value and its partial derivative per symbol. */
export interface CompiledExpression {
  readonly value: EnvFunction;
  /** Environment indices the expression depends on. */
  readonly symbols: readonly number[];
  /** `derivatives[k]` is ∂value/∂env[symbols[k]]. */
  readonly derivatives: readonly EnvFunction[];
  /** The value when the expression has no symbols. */
  readonly constant: number | undefined;
}

const FN: Record<string, (x: number) => number> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  ln: Math.log,
  sqrt: Math.sqrt,
  arccos: Math.acos,
  arcsin: Math.asin,
  arctan: Math.atan,
};

const DFN: Record<string, (x: number) => number> = {
  sin: Math.cos,
  cos: (x) => -Math.sin(x),
  tan: (x) => 1 / Math.cos(x) ** 2,
  exp: Math.exp,
  ln: (x) => 1 / x,
  sqrt: (x) => 0.5 / Math.sqrt(x),
  arccos: (x) => -1 / Math.sqrt(1 - x * x),
  arcsin: (x) => 1 / Math.sqrt(1 - x * x),
  arctan: (x) => 1 / (1 + x * x),
};

function valueFn(node: ExpressionNode, index: (name: string) => number): EnvFunction {
  switch (node.kind) {
    case 'num': {
      const v = node.value;
      return () => v;
    }
    case 'sym': {
      const i = index(node.name);
      return (env) => env[i]!;
    }
    case 'neg': {
      const a = valueFn(node.arg, index);
      return (env) => -a(env);
    }
    case 'call': {
      const a = valueFn(node.arg, index);
      const f = FN[node.fn]!;
      return (env) => f(a(env));
    }
    case 'bin': {
      const l = valueFn(node.left, index);
      const r = valueFn(node.right, index);
      switch (node.op) {
        case '+':
          return (env) => l(env) + r(env);
        case '-':
          return (env) => l(env) - r(env);
        case '*':
          return (env) => l(env) * r(env);
        case '/':
          return (env) => l(env) / r(env);
        case '^':
          return (env) => l(env) ** r(env);
      }
    }
  }
}

const ZERO: EnvFunction = () => 0;

function derivativeOf(
  node: ExpressionNode,
  name: string,
  index: (n: string) => number,
): EnvFunction {
  switch (node.kind) {
    case 'num':
      return ZERO;
    case 'sym':
      return node.name === name ? () => 1 : ZERO;
    case 'neg': {
      const da = derivativeOf(node.arg, name, index);
      return (env) => -da(env);
    }
    case 'call': {
      const a = valueFn(node.arg, index);
      const da = derivativeOf(node.arg, name, index);
      const df = DFN[node.fn]!;
      return (env) => df(a(env)) * da(env);
    }
    case 'bin': {
      const l = valueFn(node.left, index);
      const r = valueFn(node.right, index);
      const dl = derivativeOf(node.left, name, index);
      const dr = derivativeOf(node.right, name, index);
      switch (node.op) {
        case '+':
          return (env) => dl(env) + dr(env);
        case '-':
          return (env) => dl(env) - dr(env);
        case '*':
          return (env) => dl(env) * r(env) + l(env) * dr(env);
        case '/':
          return (env) => {
            const rv = r(env);
            return (dl(env) * rv - l(env) * dr(env)) / (rv * rv);
          };
        case '^':
          return (env) => {
            const lv = l(env);
            const rv = r(env);
            const drv = dr(env);
            const base = rv * lv ** (rv - 1) * dl(env);
            return drv === 0 ? base : base + lv ** rv * Math.log(lv) * drv;
          };
      }
    }
  }
}

/**
 * Compiles an expression over named symbols to closures; `index` maps a symbol to its position in
 * the environment (and throws for an unknown one).
 */
export function compileExpression(
  node: ExpressionNode,
  symbols: readonly string[],
  index: (name: string) => number,
): CompiledExpression {
  const value = valueFn(node, index);
  return {
    value,
    symbols: symbols.map(index),
    derivatives: symbols.map((name) => derivativeOf(node, name, index)),
    constant: symbols.length === 0 ? value(new Float64Array(0)) : undefined,
  };
}

/**
 * Visibility queries for ListWorkflowExecutions / CountWorkflowExecutions: the usual SQL-like subset —
 * `=`, `!=`, `<`, `<=`, `>`, `>=`, `IN (…)`, `AND`, `OR`, parentheses, `ORDER BY` (ignored) — over
 * WorkflowId, WorkflowType, RunId, ExecutionStatus, TaskQueue, StartTime, CloseTime and custom search attributes.
 */
import * as grpc from '@grpc/grpc-js';
import { RpcError } from './proto';

export type Value = string | number | boolean | string[] | null;
export type Row = (field: string) => Value | undefined;
type Predicate = (row: Row) => boolean;

const TOKEN = /\s*(?:(\()|(\))|(,)|(!=|<=|>=|=|<|>)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)(?![\w-])|([A-Za-z_][\w.]*))/y;

interface Tok {
  kind: 'lp' | 'rp' | 'comma' | 'op' | 'str' | 'num' | 'word';
  text: string;
}

function tokenize(query: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < query.length && (m = TOKEN.exec(query))) {
    if (m[1]) out.push({ kind: 'lp', text: '(' });
    else if (m[2]) out.push({ kind: 'rp', text: ')' });
    else if (m[3]) out.push({ kind: 'comma', text: ',' });
    else if (m[4]) out.push({ kind: 'op', text: m[4] });
    else if (m[5] !== undefined || m[6] !== undefined) out.push({ kind: 'str', text: (m[5] ?? m[6]).replace(/\\(.)/g, '$1') });
    else if (m[7]) out.push({ kind: 'num', text: m[7] });
    else if (m[8]) out.push({ kind: 'word', text: m[8] });
  }
  if (query.slice(TOKEN.lastIndex).trim() !== '') throw new RpcError(grpc.status.INVALID_ARGUMENT, `invalid visibility query near "${query.slice(TOKEN.lastIndex)}"`);
  return out;
}

function compare(a: Value | undefined, b: Value): number {
  if (Array.isArray(a)) return a.includes(String(b)) ? 0 : 1;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) - Number(b);
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

export function parseVisibilityQuery(query: string): Predicate {
  const toks = tokenize(query.replace(/\border\s+by\b[\s\S]*$/i, ''));
  let i = 0;
  const peekWord = (w: string) => toks[i]?.kind === 'word' && toks[i].text.toUpperCase() === w;
  const expect = (kind: Tok['kind']) => {
    const t = toks[i++];
    if (!t || t.kind !== kind) throw new RpcError(grpc.status.INVALID_ARGUMENT, `invalid visibility query: expected ${kind} at token ${i}`);
    return t;
  };
  const value = (): Value => {
    const t = toks[i++];
    if (!t) throw new RpcError(grpc.status.INVALID_ARGUMENT, 'invalid visibility query: value expected');
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    throw new RpcError(grpc.status.INVALID_ARGUMENT, `invalid visibility query: value expected, got "${t.text}"`);
  };
  const comparison = (): Predicate => {
    if (toks[i]?.kind === 'lp') {
      i++;
      const inner = or();
      expect('rp');
      return inner;
    }
    const field = expect('word').text;
    if (peekWord('IN') || (peekWord('NOT') && toks[i + 1]?.text.toUpperCase() === 'IN')) {
      const negate = peekWord('NOT');
      i += negate ? 2 : 1;
      expect('lp');
      const values: Value[] = [value()];
      while (toks[i]?.kind === 'comma') {
        i++;
        values.push(value());
      }
      expect('rp');
      return (row) => values.some((v) => compare(row(field), v) === 0) !== negate;
    }
    const op = expect('op').text;
    const v = value();
    return (row) => {
      const c = compare(row(field), v);
      switch (op) {
        case '=':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        default:
          return c >= 0;
      }
    };
  };
  const and = (): Predicate => {
    let left = comparison();
    while (peekWord('AND')) {
      i++;
      const l = left;
      const r = comparison();
      left = (row) => l(row) && r(row);
    }
    return left;
  };
  const or = (): Predicate => {
    let left = and();
    while (peekWord('OR')) {
      i++;
      const l = left;
      const r = and();
      left = (row) => l(row) || r(row);
    }
    return left;
  };
  if (toks.length === 0) return () => true;
  const predicate = or();
  if (i < toks.length) throw new RpcError(grpc.status.INVALID_ARGUMENT, `invalid visibility query near "${toks[i].text}"`);
  return predicate;
}

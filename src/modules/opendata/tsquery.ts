/**
 * Evaluates the tsquery literals that the kernel's `textQuery` builds (quoted lexemes,
 * `&`, `|`, parentheses) against a record's lexemes in memory, and reads tsvector literals
 * back into lexeme → weight: the in-memory search index matches as PostgreSQL would.
 */

type Node = { lexeme: string } | { op: '&' | '|'; left: Node; right: Node };

function tokens(query: string): string[] {
  const out: string[] = [];
  const pattern = /'((?:[^']|'')*)'|([&|()])|\s+/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < query.length && (match = pattern.exec(query)) !== null) {
    if (match[1] !== undefined) {
      out.push(`'${match[1]}`);
    } else if (match[2] !== undefined) {
      out.push(match[2]);
    }
  }
  if (pattern.lastIndex < query.length) {
    throw new Error(`not a tsquery literal: ${query}`);
  }
  return out;
}

/** `'a' & ('b' | 'c' & 'd')`: & binds tighter than |, as in PostgreSQL. */
function parse(list: string[]): Node {
  let at = 0;
  const primary = (): Node => {
    const token = list[at++];
    if (token === '(') {
      const inner = or();
      at++; // ')'
      return inner;
    }
    if (token?.startsWith("'")) {
      return { lexeme: token.slice(1).replace(/''/g, "'").replace(/\\\\/g, '\\') };
    }
    throw new Error('bad tsquery');
  };
  const and = (): Node => {
    let left = primary();
    while (list[at] === '&') {
      at++;
      left = { op: '&', left, right: primary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (list[at] === '|') {
      at++;
      left = { op: '|', left, right: and() };
    }
    return left;
  };
  return or();
}

export interface CompiledQuery {
  matches(lexemes: ReadonlyMap<string, number>): boolean;
  /** Every lexeme the query names. */
  lexemes: string[];
}

export function compileQuery(query: string): CompiledQuery {
  const root = parse(tokens(query));
  const lexemes: string[] = [];
  const collect = (node: Node): void => {
    if ('lexeme' in node) {
      lexemes.push(node.lexeme);
    } else {
      collect(node.left);
      collect(node.right);
    }
  };
  collect(root);
  const evaluate = (node: Node, has: ReadonlyMap<string, number>): boolean =>
    'lexeme' in node ? has.has(node.lexeme) : node.op === '&' ? evaluate(node.left, has) && evaluate(node.right, has) : evaluate(node.left, has) || evaluate(node.right, has);
  return { matches: (has) => evaluate(root, has), lexemes: [...new Set(lexemes)] };
}

/** ts_rank's default weights for D, C, B, A. */
const WEIGHTS: Record<string, number> = { A: 1.0, B: 0.4, C: 0.2, D: 0.1 };

/**
 * A tsvector as PostgreSQL prints it (`'公交':1A,5B '站点':2`) → lexeme → its highest weight.
 */
export function readVector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const pattern = /'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const lexeme = match[1]!.replace(/''/g, "'").replace(/\\\\/g, '\\');
    const positions = match[2] ?? '';
    let weight = positions === '' ? WEIGHTS.D! : 0;
    for (const position of positions.split(',')) {
      const letter = /[A-D]$/.exec(position)?.[0] ?? 'D';
      weight = Math.max(weight, WEIGHTS[letter]!);
    }
    out.set(lexeme, Math.max(out.get(lexeme) ?? 0, weight));
  }
  return out;
}

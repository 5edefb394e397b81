/**
 * A small RDF graph written as Turtle or as JSON-LD: enough for a DCAT catalogue, without
 * an RDF library. Every node has an IRI (no blank nodes), so both forms state the same
 * triples and compare as plain sets.
 */

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
} as const;
type Prefix = keyof typeof PREFIXES;
/** A prefixed name such as `dct:title`. */
export type Curie = `${Prefix}:${string}`;

export type Term =
  | { kind: 'iri'; value: string }
  | { kind: 'literal'; value: string; language?: string; datatype?: Curie };

export const iri = (value: string): Term => ({ kind: 'iri', value: safeIri(value) });
export const text = (value: string, language = 'zh'): Term => ({ kind: 'literal', value, language });
export const typed = (value: string, datatype: Curie): Term => ({ kind: 'literal', value, datatype });
export const plain = (value: string): Term => ({ kind: 'literal', value });

export interface Node {
  id: string;
  types: Curie[];
  properties: Array<[Curie, Term]>;
}

/** Characters an IRI may not hold (besides controls and space). */
const NOT_IN_IRI = new Set(['<', '>', '"', '{', '}', '|', '^', '`', '\\']);
const isControl = (ch: string) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f;

/** An IRI with the characters an IRI may not hold percent-encoded. */
export function safeIri(value: string): string {
  let out = '';
  for (const ch of value) {
    out += isControl(ch) || NOT_IN_IRI.has(ch) ? `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

const iriRef = (value: string) => `<${safeIri(value)}>`;

/** A Turtle string literal: quotes, backslashes and control characters escaped. */
export function quoteLiteral(value: string): string {
  const escapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    out += escapes[ch] ?? (code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : ch);
  }
  return `"${out}"`;
}

function turtleTerm(term: Term): string {
  if (term.kind === 'iri') {
    return iriRef(term.value);
  }
  const literal = quoteLiteral(term.value);
  if (term.language) {
    return `${literal}@${term.language}`;
  }
  return term.datatype ? `${literal}^^${term.datatype}` : literal;
}

export function toTurtle(nodes: readonly Node[]): string {
  const lines = Object.entries(PREFIXES).map(([prefix, ns]) => `@prefix ${prefix}: <${ns}> .`);
  for (const node of nodes) {
    const statements = [`a ${node.types.join(', ')}`, ...node.properties.map(([predicate, object]) => `${predicate} ${turtleTerm(object)}`)];
    lines.push('', `${iriRef(node.id)}\n  ${statements.join(' ;\n  ')} .`);
  }
  return `${lines.join('\n')}\n`;
}

function jsonLdTerm(term: Term): unknown {
  if (term.kind === 'iri') {
    return { '@id': term.value };
  }
  if (term.language) {
    return { '@value': term.value, '@language': term.language };
  }
  return term.datatype ? { '@value': term.value, '@type': term.datatype } : term.value;
}

export function toJsonLd(nodes: readonly Node[]): Record<string, unknown> {
  const graph = nodes.map((node) => {
    const out: Record<string, unknown> = { '@id': safeIri(node.id), '@type': node.types };
    for (const [predicate, object] of node.properties) {
      const value = jsonLdTerm(object);
      const existing = out[predicate];
      out[predicate] = existing === undefined ? value : Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
    }
    return out;
  });
  return { '@context': { ...PREFIXES }, '@graph': graph };
}

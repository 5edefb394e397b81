import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

/** An Open311 failure: rendered as `[{code, description}]` or `<errors><error>…`, with `code` as the HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: false, suppressEmptyNode: false });
const DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

/**
 * The XML of a GeoReport v2 list: `<root><item>…</item>…</root>`. Null fields become empty
 * elements, arrays repeat their element (`values` → `<value>`, `attributes` → `<attribute>`).
 */
export function toXml(root: string, item: string, rows: readonly object[]): string {
  return builder.build({ ...DECLARATION, [root]: { [item]: rows.map(xmlShape) } }) as string;
}

/** A single object document, e.g. `<service_definition>…</service_definition>`. */
export function toXmlDocument(root: string, body: object): string {
  return builder.build({ ...DECLARATION, [root]: xmlShape(body) }) as string;
}

const SINGULAR: Record<string, string> = { attributes: 'attribute', values: 'value' };

function xmlShape(value: object): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (Array.isArray(field)) {
      shaped[key] = { [SINGULAR[key] ?? 'item']: field.map((f) => (typeof f === 'object' && f !== null ? xmlShape(f as object) : f)) };
    } else if (field !== undefined) {
      shaped[key] = field === null ? '' : field;
    }
  }
  return shaped;
}

/** The body and content type of a list answer in the requested format. */
export function render(format: Format, root: string, item: string, rows: readonly object[]): { type: string; body: string } {
  return format === 'json' ? { type: 'application/json; charset=utf-8', body: JSON.stringify(rows) } : { type: 'text/xml; charset=utf-8', body: toXml(root, item, rows) };
}

export function renderError(format: Format, status: number, description: string): { type: string; body: string } {
  return render(format, 'errors', 'error', [{ code: status, description }]);
}

/** `+08:00` ISO 8601 (W3C) date-times, as Open311 clients show them in the city's time. */
export function w3c(date: Date | null): string | null {
  if (!date) {
    return null;
  }
  return `${new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

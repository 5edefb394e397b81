import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import type { Dataset, Distribution } from '../dataset.repository.js';
import { catalogueNodes } from './dcat.js';
import { quoteLiteral, toJsonLd, toTurtle } from './rdf.js';

const base = 'https://data.ezhou.gov.cn';
const at = new Date('2026-05-01T02:00:00.000Z');

function dataset(overrides: Partial<Dataset>): Dataset {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'test-dataset',
    resourceId: '22222222-2222-4222-8222-222222222222',
    resourceVersion: 1,
    title: '公交线路与站点',
    description: '线路、站点',
    tags: ['公交', '站点'],
    theme: 'transport',
    licence: 'cc-by-4.0',
    frequency: 'monthly',
    spatial: { code: '420700', name: '鄂州市' },
    temporal: { start: '2025-01-01', end: null },
    contact: { name: '市交通运输局', email: 'ysk@jtysj.ezhou.gov.cn', phone: '0711-3332001' },
    owner: { id: '33333333-3333-4333-8333-333333333333', code: 'ezhou-jtysj', name: '鄂州市交通运输局', divisionCode: '420700' },
    access: 'unconditional',
    accessCondition: null,
    fields: [],
    formats: ['CSV', 'JSON', 'API'],
    status: 'published',
    rowCount: 10,
    downloads: 0,
    apiCalls: 0,
    version: 1,
    createdAt: at,
    modifiedAt: at,
    dataUpdatedAt: at,
    dueAt: at,
    ...overrides,
  };
}

const distribution = (id: string, datasetId: string, format: Distribution['format'], position: number): Distribution => ({ id, datasetId, format, position, createdAt: at, modifiedAt: at });

const tricky = dataset({
  id: '44444444-4444-4444-8444-444444444444',
  name: 'tricky-text',
  title: '名称含 "引号"、反斜杠 \\ 与换行\n第二行',
  description: 'Tab\there; control \u0001; emoji 🚌; ends with a backslash \\',
  tags: ["it's", '"quoted"'],
  access: 'conditional',
  temporal: { start: null, end: null },
  contact: { name: '联系人', email: null, phone: null },
});

const datasets = [dataset({}), tricky];
const distributions = new Map([
  [datasets[0]!.id, [distribution('55555555-5555-4555-8555-555555555555', datasets[0]!.id, 'CSV', 0), distribution('66666666-6666-4666-8666-666666666666', datasets[0]!.id, 'API', 2)]],
  [tricky.id, [distribution('77777777-7777-4777-8777-777777777777', tricky.id, 'JSON', 1)]],
]);
const nodes = catalogueNodes({ base, datasets, distributions });

const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}:${'language' in q.object ? q.object.language : ''}:${'datatype' in q.object ? q.object.datatype.value : ''}`;
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

describe('DCAT-AP catalogue', () => {
  const quads = new Parser({ format: 'text/turtle' }).parse(toTurtle(nodes));

  it('is Turtle that parses, with a catalog, its datasets and their distributions', () => {
    const typed = (type: string) => quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === type).map((q) => q.subject.value);
    expect(typed(`${DCAT}Catalog`)).toEqual([`${base}/opendata/catalog`]);
    expect(typed(`${DCAT}Dataset`)).toEqual([`${base}/opendata/datasets/test-dataset#dataset`, `${base}/opendata/datasets/tricky-text#dataset`]);
    expect(typed(`${DCAT}Distribution`)).toHaveLength(3);
    const catalogDatasets = quads.filter((q) => q.subject.value === `${base}/opendata/catalog` && q.predicate.value === `${DCAT}dataset`);
    expect(catalogDatasets).toHaveLength(2);
  });

  it('keeps literals exactly, whatever quotes, backslashes, newlines and control characters they hold', () => {
    const literal = (subject: string, predicate: string) => quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
    const id = `${base}/opendata/datasets/tricky-text#dataset`;
    expect(literal(id, `${DCT}title`)).toEqual([tricky.title]);
    expect(literal(id, `${DCT}description`)).toEqual([tricky.description]);
    expect(literal(id, `${DCAT}keyword`).sort()).toEqual([...tricky.tags].sort());
    expect(quoteLiteral('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it('states DCAT-AP’s frequency, theme, access rights, spatial and temporal coverage and formats as IRIs of the EU vocabularies', () => {
    const objects = (subject: string, predicate: string) => quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
    const id = `${base}/opendata/datasets/test-dataset#dataset`;
    expect(objects(id, `${DCT}accrualPeriodicity`)).toEqual(['http://publications.europa.eu/resource/authority/frequency/MONTHLY']);
    expect(objects(id, `${DCAT}theme`)).toEqual(['http://publications.europa.eu/resource/authority/data-theme/TRAN']);
    expect(objects(id, `${DCT}accessRights`)).toEqual(['http://publications.europa.eu/resource/authority/access-right/PUBLIC']);
    expect(objects(`${base}/opendata/datasets/tricky-text#dataset`, `${DCT}accessRights`)).toEqual(['http://publications.europa.eu/resource/authority/access-right/RESTRICTED']);
    const temporal = objects(id, `${DCT}temporal`)[0]!;
    expect(quads.find((q) => q.subject.value === temporal && q.predicate.value === `${DCAT}startDate`)?.object).toMatchObject({ value: '2025-01-01', datatype: { value: 'http://www.w3.org/2001/XMLSchema#date' } });
    expect(objects(`${base}/opendata/distributions/55555555-5555-4555-8555-555555555555`, `${DCAT}downloadURL`)).toEqual([`${base}/api/v1/opendata/datasets/test-dataset/data.csv`]);
    expect(objects(`${base}/opendata/distributions/66666666-6666-4666-8666-666666666666`, `${DCAT}downloadURL`)).toEqual([]);
    expect(objects(`${base}/opendata/distributions/77777777-7777-4777-8777-777777777777`, `${DCAT}accessURL`)).toEqual([`${base}/api/v1/opendata/granted/tricky-text/data.json`]);
  });

  it('says the same triples in JSON-LD as in Turtle', async () => {
    const nquads = (await jsonld.toRDF(toJsonLd(nodes) as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as unknown as string;
    const fromJsonLd = new Parser({ format: 'N-Quads' }).parse(nquads);
    expect(new Set(fromJsonLd.map(key))).toEqual(new Set(quads.map(key)));
  });

  it('percent-encodes what an IRI may not hold, so that a strange host still parses', () => {
    const odd = catalogueNodes({ base: 'http://bad host"<x>', datasets: [dataset({})], distributions: new Map() });
    expect(() => new Parser({ format: 'text/turtle' }).parse(toTurtle(odd))).not.toThrow();
  });
});

/**
 * The portal's DCAT-AP 3.0 catalogue: the catalog, its published datasets with their
 * distributions, publishers, contact points, spatial and temporal coverage, promised
 * frequency (EU frequency vocabulary), themes (EU data themes) and access rights.
 */
import type { Dataset, Distribution } from '../dataset.repository.js';
import { FREQUENCY_IRIS, licenceOf, themeOf, type Format } from '../opendata.model.js';
import { iri, plain, text, typed, type Curie, type Node, type Term } from './rdf.js';
import { urlsOf } from '../ckan/ckan.views.js';

const EU = 'http://publications.europa.eu/resource/authority';
const FILE_TYPES: Record<Format, string> = { CSV: `${EU}/file-type/CSV`, JSON: `${EU}/file-type/JSON`, XLSX: `${EU}/file-type/XLSX`, API: `${EU}/file-type/JSON` };
const MEDIA_TYPES: Record<Format, string> = {
  CSV: 'http://www.iana.org/assignments/media-types/text/csv',
  JSON: 'http://www.iana.org/assignments/media-types/application/json',
  XLSX: 'http://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  API: 'http://www.iana.org/assignments/media-types/application/json',
};

const dateTime = (at: Date) => typed(at.toISOString(), 'xsd:dateTime');

export interface CatalogueInput {
  base: string;
  datasets: readonly Dataset[];
  distributions: ReadonlyMap<string, Distribution[]>;
}

/** The IRIs of the catalogue's resources under the site's base URL. */
export function dcatIris(base: string) {
  return {
    catalog: `${base}/opendata/catalog`,
    dataset: (name: string) => `${base}/opendata/datasets/${name}#dataset`,
    distribution: (id: string) => `${base}/opendata/distributions/${id}`,
    agent: (code: string) => `${base}/opendata/departments/${code}#agent`,
  };
}

export function catalogueNodes(input: CatalogueInput): Node[] {
  const { base, datasets } = input;
  const ids = dcatIris(base);
  const nodes: Node[] = [];
  const agents = new Map<string, Node>();
  const modified = datasets.reduce<Date | null>((latest, d) => (latest === null || d.modifiedAt > latest ? d.modifiedAt : latest), null);
  const publisher: Node = { id: `${base}/opendata#publisher`, types: ['foaf:Agent'], properties: [['foaf:name', text('鄂州市政务服务和大数据管理局')]] };

  nodes.push({
    id: ids.catalog,
    types: ['dcat:Catalog'],
    properties: [
      ['dct:title', text('鄂州市公共数据开放平台')],
      ['dct:description', text('鄂州市各部门依法开放的公共数据集：无条件开放的可直接下载，有条件开放的经申请获批后通过 API 获取。')],
      ['dct:publisher', iri(publisher.id)],
      ['foaf:homepage', iri(`${base}/opendata`)],
      ['dct:language', iri(`${EU}/language/ZHO`)],
      ...(modified ? [['dct:modified', dateTime(modified)] as [Curie, Term]] : []),
      ...datasets.map((d) => ['dcat:dataset', iri(ids.dataset(d.name))] as [Curie, Term]),
    ],
  });
  nodes.push(publisher);

  for (const dataset of datasets) {
    const id = ids.dataset(dataset.name);
    const agentId = ids.agent(dataset.owner.code);
    if (!agents.has(agentId)) {
      agents.set(agentId, { id: agentId, types: ['foaf:Agent'], properties: [['foaf:name', text(dataset.owner.name)], ['dct:identifier', plain(dataset.owner.code)]] });
    }
    const contact: Node = {
      id: `${id}-contact`,
      types: ['vcard:Kind'],
      properties: [
        ['vcard:fn', text(dataset.contact.name)],
        ...(dataset.contact.email ? [['vcard:hasEmail', iri(`mailto:${dataset.contact.email}`)] as [Curie, Term]] : []),
        ...(dataset.contact.phone ? [['vcard:hasTelephone', iri(`tel:${dataset.contact.phone.replace(/[^0-9+]/g, '')}`)] as [Curie, Term]] : []),
      ],
    };
    const location: Node = {
      id: `${base}/opendata/divisions/${dataset.spatial.code}#location`,
      types: ['dct:Location'],
      properties: [['skos:prefLabel', text(dataset.spatial.name)], ['dct:identifier', plain(dataset.spatial.code)]],
    };
    const temporal: Node | null =
      dataset.temporal.start || dataset.temporal.end
        ? {
            id: `${id}-temporal`,
            types: ['dct:PeriodOfTime'],
            properties: [
              ...(dataset.temporal.start ? [['dcat:startDate', typed(dataset.temporal.start, 'xsd:date')] as [Curie, Term]] : []),
              ...(dataset.temporal.end ? [['dcat:endDate', typed(dataset.temporal.end, 'xsd:date')] as [Curie, Term]] : []),
            ],
          }
        : null;
    const distributions = input.distributions.get(dataset.id) ?? [];
    const theme = themeOf(dataset.theme);
    nodes.push({
      id,
      types: ['dcat:Dataset'],
      properties: [
        ['dct:identifier', plain(dataset.name)],
        ['dct:title', text(dataset.title)],
        ['dct:description', text(dataset.description || dataset.title)],
        ...dataset.tags.map((tag) => ['dcat:keyword', text(tag)] as [Curie, Term]),
        ...(theme ? [['dcat:theme', iri(`${EU}/data-theme/${theme.euTheme}`)] as [Curie, Term]] : []),
        ['dct:publisher', iri(agentId)],
        ['dcat:contactPoint', iri(contact.id)],
        ['dct:accrualPeriodicity', iri(FREQUENCY_IRIS[dataset.frequency])],
        ['dct:spatial', iri(location.id)],
        ...(temporal ? [['dct:temporal', iri(temporal.id)] as [Curie, Term]] : []),
        ['dct:issued', dateTime(dataset.createdAt)],
        ['dct:modified', dateTime(dataset.dataUpdatedAt)],
        ['dcat:landingPage', iri(urlsOf(base, dataset).page)],
        ['dct:accessRights', iri(`${EU}/access-right/${dataset.access === 'conditional' ? 'RESTRICTED' : 'PUBLIC'}`)],
        ...distributions.map((d) => ['dcat:distribution', iri(ids.distribution(d.id))] as [Curie, Term]),
      ],
    });
    nodes.push(contact, location, ...(temporal ? [temporal] : []));
    const licence = licenceOf(dataset.licence);
    const urls = urlsOf(base, dataset);
    for (const distribution of distributions) {
      nodes.push({
        id: ids.distribution(distribution.id),
        types: ['dcat:Distribution'],
        properties: [
          ['dct:title', text(`${dataset.title}（${distribution.format}）`)],
          ['dcat:accessURL', iri(urls[distribution.format])],
          ...(distribution.format === 'API' ? [] : [['dcat:downloadURL', iri(urls[distribution.format])] as [Curie, Term]]),
          ['dct:format', iri(FILE_TYPES[distribution.format])],
          ['dcat:mediaType', iri(MEDIA_TYPES[distribution.format])],
          ...(licence ? [['dct:license', iri(licence.url)] as [Curie, Term]] : []),
          ['dct:modified', dateTime(distribution.modifiedAt)],
        ],
      });
    }
  }
  // Location nodes repeat across datasets of one division: keep the first of each IRI.
  const seen = new Set<string>();
  return [...nodes, ...agents.values()].filter((node) => (seen.has(node.id) ? false : (seen.add(node.id), true)));
}

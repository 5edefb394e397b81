/** Datasets, applications and history as the JSON routes send them (dates as ISO text). */
import type { Application } from './application.repository.js';
import { urlsOf } from './ckan/ckan.views.js';
import type { Dataset, Distribution, UpdateRecord } from './dataset.repository.js';
import type { Freshness } from './opendata.model.js';

const iso = (d: Date) => d.toISOString();
const freshnessView = (f: Freshness) => ({ dueAt: iso(f.dueAt), overdue: f.overdue, overdueDays: f.overdueDays });

export function summaryView(d: Dataset & { freshness: Freshness }) {
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    description: d.description,
    tags: d.tags,
    theme: d.theme,
    licence: d.licence,
    frequency: d.frequency,
    spatial: d.spatial,
    owner: { id: d.owner.id, code: d.owner.code, name: d.owner.name },
    access: d.access,
    formats: d.formats,
    status: d.status,
    rowCount: d.rowCount,
    downloads: d.downloads,
    apiCalls: d.apiCalls,
    version: d.version,
    createdAt: iso(d.createdAt),
    modifiedAt: iso(d.modifiedAt),
    dataUpdatedAt: iso(d.dataUpdatedAt),
    freshness: freshnessView(d.freshness),
  };
}

export function detailView(base: string, d: Dataset & { freshness: Freshness; distributions: Distribution[] }) {
  const urls = urlsOf(base, d);
  return {
    ...summaryView(d),
    resourceId: d.resourceId,
    temporal: d.temporal,
    contact: d.contact,
    accessCondition: d.accessCondition,
    fields: d.fields,
    distributions: d.distributions.map((x) => ({ id: x.id, format: x.format, url: urls[x.format], modifiedAt: iso(x.modifiedAt) })),
  };
}

export const updateView = (u: UpdateRecord) => ({ id: u.id, kind: u.kind, at: iso(u.at), note: u.note, rowCount: u.rowCount, changed: u.changed });

export function applicationView(a: Application & { datasetName?: string; datasetTitle?: string }) {
  return {
    id: a.id,
    datasetId: a.datasetId,
    ...(a.datasetName === undefined ? {} : { datasetName: a.datasetName }),
    ...(a.datasetTitle === undefined ? {} : { datasetTitle: a.datasetTitle }),
    applicantName: a.applicantName,
    applicantOrganisation: a.applicantOrganisation,
    contact: a.contact,
    purpose: a.purpose,
    status: a.status,
    createdAt: iso(a.createdAt),
    decidedAt: a.decidedAt ? iso(a.decidedAt) : null,
    decisionNote: a.decisionNote,
    claimed: a.apiKeyId !== null,
  };
}

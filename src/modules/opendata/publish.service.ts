/**
 * Publishing by owner departments: a dataset from a catalog resource, data and metadata
 * updates, unpublishing. Each write records its history entry and its audit record in the
 * transaction that makes it.
 */
import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { ValidationFailed } from '../../kernel/errors/index.js';
import type { Executor } from '../../kernel/db/index.js';
import type { Resource } from '../catalog/index.js';
import { createDatasetRepository, type Dataset, type DatasetColumns } from './dataset.repository.js';
import { datasetSearchVector, type OpendataDeps } from './opendata.deps.js';
import {
  AlreadyPublished,
  DatasetNotFound,
  FieldNotOpen,
  InvalidStatusChange,
  NoOpenField,
  NotOwner,
  ResourceNotFound,
  ResourceNotOpen,
  ResourceNotPublished,
  UnknownDivision,
  UnknownField,
  VersionConflict,
} from './opendata.errors.js';
import { dueAt, FORMATS, frequencyFromCycle, licenceOf, themeOf, type Format, type Frequency, type OpenField } from './opendata.model.js';
import { actorOf, canManage } from './opendata.permissions.js';
import { projectRows } from './opendata.rows.js';
import type { UpdateKind } from './opendata.tables.js';

export interface Metadata {
  title: string;
  description: string;
  tags: string[];
  theme: string;
  licence: string;
  frequency: Frequency;
  spatialCode: string;
  temporalStart: string | null;
  temporalEnd: string | null;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  formats: Format[];
}

export interface PublishInput extends Partial<Omit<Metadata, 'theme' | 'licence' | 'contactName'>> {
  /** The catalog resource, by id or code. */
  resource: string;
  theme: string;
  licence: string;
  contactName: string;
  /** The open fields, by name; default every field of general sensitivity. */
  fields?: string[] | undefined;
  rows: Array<Record<string, unknown>>;
  note?: string | undefined;
}

/** The name of a dataset published from a resource: its code, which CKAN names accept once dots become dashes. */
export const datasetNameOf = (resource: Pick<Resource, 'code'>) => resource.code.replace(/\./g, '-');

/** The open fields chosen from the resource: only fields of general sensitivity may be opened. */
export function openFieldsOf(resource: Resource, names: readonly string[] | undefined): OpenField[] {
  const chosen = names ?? resource.fields.filter((f) => f.sensitivity === 'general').map((f) => f.name);
  const fields = chosen.map((name) => {
    const field = resource.fields.find((f) => f.name === name);
    if (!field) {
      throw UnknownField({ field: name });
    }
    if (field.sensitivity !== 'general') {
      throw FieldNotOpen({ field: name, sensitivity: field.sensitivity });
    }
    return { name: field.name, label: field.label, type: field.type, description: field.description };
  });
  if (fields.length === 0) {
    throw NoOpenField();
  }
  return [...new Map(fields.map((f) => [f.name, f])).values()];
}

const clean = (text: string | null | undefined) => (text === null || text === undefined ? null : text.trim() || null);
const distinctTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
/** The formats in their canonical order, without repeats. */
const orderedFormats = (formats: readonly Format[]) => FORMATS.filter((f) => formats.includes(f));

/** Theme and licence come from fixed lists; routes check them by schema, other callers here. */
function assertVocabulary(input: { theme?: string | undefined; licence?: string | undefined; formats?: readonly string[] | undefined }): void {
  const issues = [];
  if (input.theme !== undefined && !themeOf(input.theme)) {
    issues.push({ location: 'body', path: '/theme', message: 'unknown theme' });
  }
  if (input.licence !== undefined && !licenceOf(input.licence)) {
    issues.push({ location: 'body', path: '/licence', message: 'unknown licence' });
  }
  if (input.formats !== undefined && (input.formats.length === 0 || !input.formats.every((f) => (FORMATS as readonly string[]).includes(f)))) {
    issues.push({ location: 'body', path: '/formats', message: `one or more of ${FORMATS.join(', ')}` });
  }
  if (issues.length > 0) {
    throw ValidationFailed({ issues });
  }
}

/** `onChange` runs after each committed write (the module's search index catches up at once). */
export function createPublishService(deps: OpendataDeps, onChange: () => void = () => undefined) {
  const { db, audit, catalog, org, clock } = deps;
  const datasets = createDatasetRepository(db);

  async function spatialName(code: string): Promise<string> {
    const division = await org.getDivision(code);
    if (!division) {
      throw UnknownDivision({ spatialCode: code });
    }
    return division.name;
  }

  async function managed(principal: Principal, id: string, version?: number): Promise<Dataset> {
    const dataset = await datasets.get(id);
    if (!dataset) {
      throw DatasetNotFound();
    }
    if (!canManage(principal, dataset.owner)) {
      throw dataset.owner.divisionCode.startsWith(regionPrefix(principal)) ? NotOwner({ owner: dataset.owner.code }) : DatasetNotFound();
    }
    if (version !== undefined && version !== dataset.version) {
      throw VersionConflict({ version: dataset.version });
    }
    return dataset;
  }

  /** Writes a change if nobody else did since `dataset` was read, then its history and audit record. */
  async function record(
    trx: Executor,
    principal: Principal,
    dataset: Dataset,
    entry: { kind: UpdateKind; note: string | null; rowCount: number | null; changed: string[]; values: Partial<DatasetColumns> },
  ): Promise<void> {
    const repo = createDatasetRepository(trx);
    if (!(await repo.update(dataset.id, dataset.version, entry.values))) {
      throw VersionConflict();
    }
    const at = entry.values.modified_at ?? clock();
    await repo.addUpdate({ datasetId: dataset.id, kind: entry.kind, at, actor: actorOf(principal), note: entry.note, rowCount: entry.rowCount, changed: entry.changed });
    await audit.append(trx, {
      actor: actorOf(principal),
      action: `opendata.dataset.${entry.kind === 'data' || entry.kind === 'metadata' ? `update_${entry.kind}` : entry.kind}`,
      target: `opendata.dataset:${dataset.id}`,
      details: { name: dataset.name, changed: entry.changed, rowCount: entry.rowCount, note: entry.note },
    });
  }

  return {
    /**
     * Publishes a catalog resource as an open dataset: only its owner (or an administrator of
     * its region), only a published resource whose open attribute is 无条件 or 有条件开放, and
     * only fields of general sensitivity; rows are reduced to those fields.
     */
    async publish(principal: Principal, input: PublishInput): Promise<Dataset> {
      assertVocabulary(input);
      const resource = await catalog.getResource(input.resource);
      if (!resource) {
        throw ResourceNotFound();
      }
      if (!canManage(principal, resource.owner)) {
        throw NotOwner({ owner: resource.owner.code });
      }
      if (resource.status !== 'published') {
        throw ResourceNotPublished({ status: resource.status });
      }
      if (resource.openAttribute === 'none') {
        throw ResourceNotOpen();
      }
      if (await datasets.getByResource(resource.id)) {
        throw AlreadyPublished();
      }
      const fields = openFieldsOf(resource, input.fields);
      const rows = projectRows(input.rows, fields);
      const now = clock();
      const frequency = input.frequency ?? frequencyFromCycle(resource.updateCycle);
      const spatialCode = input.spatialCode ?? resource.owner.divisionCode;
      const name = datasetNameOf(resource);
      const title = input.title?.trim() || resource.name;
      const tags = distinctTags(input.tags ?? resource.tags);
      const description = input.description?.trim() ?? resource.description;
      const area = await spatialName(spatialCode);
      const formats = orderedFormats(input.formats ?? FORMATS);
      const values: DatasetColumns = {
        name,
        resource_id: resource.id,
        resource_version: resource.version,
        title,
        description,
        tags,
        theme: input.theme,
        licence: input.licence,
        frequency,
        spatial_code: spatialCode,
        spatial_name: area,
        temporal_start: input.temporalStart ?? null,
        temporal_end: input.temporalEnd ?? null,
        contact_name: input.contactName.trim(),
        contact_email: clean(input.contactEmail),
        contact_phone: clean(input.contactPhone),
        owner_id: resource.owner.id,
        owner_code: resource.owner.code,
        owner_name: resource.owner.name,
        owner_division_code: resource.owner.divisionCode,
        access: resource.openAttribute,
        access_condition: resource.openAttribute === 'conditional' ? resource.openCondition : null,
        fields,
        formats,
        status: 'published',
        row_count: rows.length,
        search_vector: datasetSearchVector({ title, tags, theme: input.theme, fields, description, ownerName: resource.owner.name, spatialName: area, name }),
        created_at: now,
        modified_at: now,
        data_updated_at: now,
        due_at: dueAt(frequency, now),
      };
      const id = await db.transaction().execute(async (trx) => {
        const repo = createDatasetRepository(trx);
        const created = await repo.insert(values);
        await repo.replaceRows(created, rows);
        await repo.syncDistributions(created, formats, now, true);
        await repo.addUpdate({ datasetId: created, kind: 'publish', at: now, actor: actorOf(principal), note: clean(input.note), rowCount: rows.length, changed: [] });
        await audit.append(trx, {
          actor: actorOf(principal),
          action: 'opendata.dataset.publish',
          target: `opendata.dataset:${created}`,
          details: { name, resource: resource.code, resourceVersion: resource.version, access: resource.openAttribute, fields: fields.map((f) => f.name), rowCount: rows.length },
        });
        return created;
      });
      onChange();
      return (await datasets.get(id))!;
    },

    /**
     * Replaces a dataset's rows (a real update: the freshness clock restarts). `fields`
     * changes the open fields at the same time; the resource is read again, so a field whose
     * sensitivity was raised can no longer be opened.
     */
    async updateData(principal: Principal, id: string, input: { version: number; rows: Array<Record<string, unknown>>; fields?: string[] | undefined; note?: string | undefined }): Promise<Dataset> {
      const dataset = await managed(principal, id, input.version);
      const resource = await catalog.getResource(dataset.resourceId);
      if (!resource) {
        throw ResourceNotFound();
      }
      const access = resource.openAttribute;
      if (access === 'none') {
        throw ResourceNotOpen();
      }
      const fields = openFieldsOf(resource, input.fields ?? dataset.fields.map((f) => f.name));
      const rows = projectRows(input.rows, fields);
      const now = clock();
      const changed = JSON.stringify(fields) === JSON.stringify(dataset.fields) ? ['rows'] : ['rows', 'fields'];
      await db.transaction().execute(async (trx) => {
        const repo = createDatasetRepository(trx);
        await record(trx, principal, dataset, {
          kind: 'data',
          note: clean(input.note),
          rowCount: rows.length,
          changed,
          values: {
            fields,
            row_count: rows.length,
            resource_version: resource.version,
            access,
            access_condition: access === 'conditional' ? resource.openCondition : null,
            modified_at: now,
            data_updated_at: now,
            due_at: dueAt(dataset.frequency, now),
            search_vector: datasetSearchVector({ ...dataset, fields, ownerName: dataset.owner.name, spatialName: dataset.spatial.name }),
          },
        });
        await repo.replaceRows(dataset.id, rows);
        await repo.syncDistributions(dataset.id, dataset.formats, now, true);
      });
      onChange();
      return (await datasets.get(id))!;
    },

    /** Changes what is said about a dataset; the data and its freshness stay as they are (a new promise moves the due time). */
    async updateMetadata(principal: Principal, id: string, input: Partial<Metadata> & { version: number; note?: string | undefined }): Promise<Dataset> {
      assertVocabulary(input);
      const dataset = await managed(principal, id, input.version);
      const { version: _version, note, ...change } = input;
      const before: Metadata = {
        title: dataset.title,
        description: dataset.description,
        tags: dataset.tags,
        theme: dataset.theme,
        licence: dataset.licence,
        frequency: dataset.frequency,
        spatialCode: dataset.spatial.code,
        temporalStart: dataset.temporal.start,
        temporalEnd: dataset.temporal.end,
        contactName: dataset.contact.name,
        contactEmail: dataset.contact.email,
        contactPhone: dataset.contact.phone,
        formats: dataset.formats,
      };
      const after: Metadata = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
      after.title = after.title.trim() || dataset.title;
      after.tags = distinctTags(after.tags);
      after.formats = orderedFormats(after.formats);
      after.contactEmail = clean(after.contactEmail);
      after.contactPhone = clean(after.contactPhone);
      const changed = (Object.keys(after) as Array<keyof Metadata>).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
      if (changed.length === 0) {
        return dataset;
      }
      const area = after.spatialCode === before.spatialCode ? dataset.spatial.name : await spatialName(after.spatialCode);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await record(trx, principal, dataset, {
          kind: 'metadata',
          note: clean(note),
          rowCount: null,
          changed,
          values: {
            title: after.title,
            description: after.description,
            tags: after.tags,
            theme: after.theme,
            licence: after.licence,
            frequency: after.frequency,
            spatial_code: after.spatialCode,
            spatial_name: area,
            temporal_start: after.temporalStart,
            temporal_end: after.temporalEnd,
            contact_name: after.contactName,
            contact_email: after.contactEmail,
            contact_phone: after.contactPhone,
            formats: after.formats,
            modified_at: now,
            due_at: dueAt(after.frequency, dataset.dataUpdatedAt),
            search_vector: datasetSearchVector({ ...after, name: dataset.name, fields: dataset.fields, ownerName: dataset.owner.name, spatialName: area }),
          },
        });
        await createDatasetRepository(trx).syncDistributions(dataset.id, after.formats, now, false);
      });
      onChange();
      return (await datasets.get(id))!;
    },

    /** Takes a dataset off the portal (its history and counters stay), or puts it back. */
    async setStatus(principal: Principal, id: string, input: { version: number; note?: string | undefined }, to: 'published' | 'unpublished'): Promise<Dataset> {
      const dataset = await managed(principal, id, input.version);
      if (dataset.status === to) {
        throw InvalidStatusChange({ status: dataset.status, to });
      }
      if (to === 'published') {
        const resource = await catalog.getResource(dataset.resourceId);
        if (!resource || resource.openAttribute === 'none' || resource.status !== 'published') {
          throw ResourceNotOpen();
        }
      }
      const now = clock();
      await db.transaction().execute((trx) =>
        record(trx, principal, dataset, {
          kind: to === 'published' ? 'republish' : 'unpublish',
          note: clean(input.note),
          rowCount: null,
          changed: ['status'],
          values: { status: to, modified_at: now },
        }),
      );
      onChange();
      return (await datasets.get(id))!;
    },

    /** A dataset its caller manages, whatever its status. */
    get: (principal: Principal, id: string) => managed(principal, id),
  };
}

export type PublishService = ReturnType<typeof createPublishService>;

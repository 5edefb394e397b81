import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { CategoryDefinition } from './categories.js';
import type { CategoryKind } from './cases.model.js';
import type { CasesTables } from './cases.tables.js';

export interface CategoryRecord {
  code: string;
  name: string;
  kind: CategoryKind;
  group: string;
  iotTypes: string[];
  responsibility: ResponsibilityRecord;
}

/** A line of the responsibility list (权责清单). */
export interface ResponsibilityRecord {
  organisationCode: string;
  urgentHours: number;
  limitDays: number;
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}

export function createCategoryRepository(executor: Executor) {
  const db = tablesOf<CasesTables>(executor);
  const base = () =>
    db
      .selectFrom('cases_category as g')
      .innerJoin('cases_responsibility as r', 'r.category_code', 'g.code')
      .select(['g.code', 'g.name', 'g.kind', 'g.group_name', 'g.iot_types', 'r.org_code', 'r.urgent_hours', 'r.limit_days', 'r.version', 'r.updated_by', 'r.updated_at']);
  type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
  const toRecord = (r: Row): CategoryRecord => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    group: r.group_name,
    iotTypes: r.iot_types,
    responsibility: { organisationCode: r.org_code, urgentHours: r.urgent_hours, limitDays: r.limit_days, version: r.version, updatedBy: r.updated_by, updatedAt: r.updated_at },
  });

  return {
    /**
     * Writes the taxonomy (names, kinds, groups, device types follow the file) and adds a
     * responsibility line for each new category; lines edited in the console are kept.
     */
    async seed(categories: readonly CategoryDefinition[]): Promise<void> {
      if (categories.length === 0) {
        return;
      }
      await db
        .insertInto('cases_category')
        .values(categories.map((c, i) => ({ code: c.code, name: c.name, kind: c.kind, group_name: c.group, iot_types: c.iotTypes, sort: i })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({
            name: (eb) => eb.ref('excluded.name'),
            kind: (eb) => eb.ref('excluded.kind'),
            group_name: (eb) => eb.ref('excluded.group_name'),
            iot_types: (eb) => eb.ref('excluded.iot_types'),
            sort: (eb) => eb.ref('excluded.sort'),
          }),
        )
        .execute();
      await db
        .insertInto('cases_responsibility')
        .values(categories.map((c) => ({ category_code: c.code, org_code: c.defaultDepartment, urgent_hours: c.urgentHours, limit_days: c.limitDays, updated_by: 'system:seed' })))
        .onConflict((oc) => oc.column('category_code').doNothing())
        .execute();
    },

    async list(): Promise<CategoryRecord[]> {
      return (await base().orderBy('g.sort').execute()).map(toRecord);
    },

    async get(code: string): Promise<CategoryRecord | undefined> {
      const row = await base().where('g.code', '=', code).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    /** The first category (in taxonomy order) that IoT devices of `typeCode` raise alarms for. */
    async forIotType(typeCode: string): Promise<CategoryRecord | undefined> {
      const row = await base().where(sql<boolean>`${typeCode} = any(g.iot_types)`).orderBy('g.sort').executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    /** Changes a responsibility line if it is still at `version`; false otherwise. */
    async updateResponsibility(code: string, version: number, patch: { orgCode: string; urgentHours: number; limitDays: number; updatedBy: string }): Promise<boolean> {
      const done = await db
        .updateTable('cases_responsibility')
        .set({ org_code: patch.orgCode, urgent_hours: patch.urgentHours, limit_days: patch.limitDays, updated_by: patch.updatedBy, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
        .where('category_code', '=', code)
        .where('version', '=', version)
        .returning('category_code')
        .executeTakeFirst();
      return done !== undefined;
    },
  };
}

import { tablesOf, type Executor } from '../../kernel/db/index.js';
import { escapeLike } from './division.repository.js';
import type { OrganisationKind, OrgTables } from './org.tables.js';

export interface OrganisationRow {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
  divisionCode: string;
  divisionName: string;
  parentId: string | null;
  creditCode: string | null;
}

export interface NewOrganisation {
  code: string;
  name: string;
  shortName?: string | null;
  kind: OrganisationKind;
  divisionCode: string;
  parentId?: string | null;
  creditCode?: string | null;
}

function toRow(org: NewOrganisation) {
  return {
    code: org.code,
    name: org.name,
    short_name: org.shortName ?? null,
    kind: org.kind,
    division_code: org.divisionCode,
    parent_id: org.parentId ?? null,
    credit_code: org.creditCode ?? null,
  };
}

export function createOrganisationRepository(executor: Executor) {
  const db = tablesOf<OrgTables>(executor);
  const base = () =>
    db
      .selectFrom('org_organisation as o')
      .innerJoin('org_division as d', 'd.code', 'o.division_code')
      .select([
        'o.id',
        'o.code',
        'o.name',
        'o.short_name as shortName',
        'o.kind',
        'o.division_code as divisionCode',
        'd.name as divisionName',
        'o.parent_id as parentId',
        'o.credit_code as creditCode',
      ]);

  return {
    async get(id: string): Promise<OrganisationRow | undefined> {
      return base().where('o.id', '=', id).executeTakeFirst();
    },

    async getByCode(code: string): Promise<OrganisationRow | undefined> {
      return base().where('o.code', '=', code).executeTakeFirst();
    },

    /** Organisations whose division lies under `regionPrefix`. */
    async list(filter: { regionPrefix: string; q?: string; kind?: OrganisationKind; offset: number; limit: number }) {
      let query = base().where('o.division_code', 'like', `${filter.regionPrefix}%`);
      if (filter.q) {
        const q = `%${escapeLike(filter.q)}%`;
        query = query.where((eb) => eb.or([eb('o.name', 'like', q), eb('o.short_name', 'like', q), eb('o.code', 'like', q)]));
      }
      if (filter.kind) {
        query = query.where('o.kind', '=', filter.kind);
      }
      const [items, count] = await Promise.all([
        query.orderBy('o.division_code').orderBy('o.code').offset(filter.offset).limit(filter.limit).execute(),
        query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    async countByKind(regionPrefix: string): Promise<Record<OrganisationKind, number>> {
      const rows = await db
        .selectFrom('org_organisation')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('division_code', 'like', `${regionPrefix}%`)
        .groupBy('kind')
        .execute();
      const counts: Record<OrganisationKind, number> = { government: 0, department: 0, enterprise: 0, other: 0 };
      for (const row of rows) {
        counts[row.kind] = Number(row.n);
      }
      return counts;
    },

    /** Inserts, or updates the organisation with the same code; returns its id. */
    async upsert(org: NewOrganisation): Promise<string> {
      const values = toRow(org);
      const row = await db
        .insertInto('org_organisation')
        .values(values)
        .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, updated_at: new Date() }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Inserts a new organisation; returns '' when its code or its name in the division is taken. */
    async insert(org: NewOrganisation): Promise<string> {
      const row = await db
        .insertInto('org_organisation')
        .values(toRow(org))
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? '';
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;

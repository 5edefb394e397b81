import { sql } from 'kysely';
import { tablesOf, type Executor } from '../../kernel/db/index.js';
import type { DivisionLevel, OrgTables } from './org.tables.js';

export interface DivisionRow {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
  kind: string | null;
}

const columns = ['code', 'name', 'level', 'parent_code as parentCode', 'kind'] as const;

export function createDivisionRepository(executor: Executor) {
  const db = tablesOf<OrgTables>(executor);
  return {
    async get(code: string): Promise<DivisionRow | undefined> {
      return db.selectFrom('org_division').select(columns).where('code', '=', code).executeTakeFirst();
    },

    async list(filter: { parentCode?: string | null; q?: string; offset: number; limit: number }): Promise<{ items: DivisionRow[]; total: number }> {
      let query = db.selectFrom('org_division');
      if (filter.parentCode === null) {
        query = query.where('parent_code', 'is', null);
      } else if (filter.parentCode !== undefined) {
        query = query.where('parent_code', '=', filter.parentCode);
      }
      if (filter.q) {
        query = query.where((eb) => eb.or([eb('name', 'like', `%${escapeLike(filter.q!)}%`), eb('code', 'like', `${escapeLike(filter.q!)}%`)]));
      }
      const [items, count] = await Promise.all([
        query.select(columns).orderBy('code').offset(filter.offset).limit(filter.limit).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    async countByLevel(prefix: string): Promise<Record<DivisionLevel, number>> {
      const rows = await db
        .selectFrom('org_division')
        .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
        .where('code', 'like', `${prefix}%`)
        .groupBy('level')
        .execute();
      const counts: Record<DivisionLevel, number> = { province: 0, prefecture: 0, county: 0, township: 0 };
      for (const row of rows) {
        counts[row.level] = Number(row.n);
      }
      return counts;
    },

    /** Inserts or updates divisions in batches; returns how many rows were written. */
    async upsertMany(rows: DivisionRow[]): Promise<number> {
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows.slice(i, i + 500).map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode, kind: r.kind }));
        await db
          .insertInto('org_division')
          .values(batch)
          .onConflict((oc) =>
            oc.column('code').doUpdateSet({
              name: (eb) => eb.ref('excluded.name'),
              level: (eb) => eb.ref('excluded.level'),
              parent_code: (eb) => eb.ref('excluded.parent_code'),
              kind: (eb) => eb.ref('excluded.kind'),
            }),
          )
          .execute();
      }
      return rows.length;
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('org_division').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** Escapes LIKE wildcards in user input (the value itself is always a bound parameter). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type DivisionRepository = ReturnType<typeof createDivisionRepository>;

import { sql, type SelectQueryBuilder, type Simplify } from 'kysely';

/** Which rows of a list to fetch. */
export interface PageWindow {
  offset: number;
  limit: number;
}

/** The window of page `page` (from 1) of `pageSize` rows. */
export function pageWindow(page: number, pageSize: number): PageWindow {
  return { offset: (page - 1) * pageSize, limit: pageSize };
}

/**
 * One window of `rows` (already ordered) and the number of rows `matching` selects in all;
 * `matching` is the same query without its select list and order.
 */
export async function selectPage<DB, TB extends keyof DB, O>(
  rows: SelectQueryBuilder<DB, TB, O>,
  matching: SelectQueryBuilder<DB, TB, object>,
  window: PageWindow,
): Promise<{ rows: Array<Simplify<O>>; total: number }> {
  const [items, count] = await Promise.all([
    rows.offset(window.offset).limit(window.limit).execute(),
    matching
      .select(sql<number | string>`count(*)`.as('n'))
      .$castTo<{ n: number | string }>()
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: items, total: Number(count.n) };
}

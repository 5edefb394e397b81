import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { principalOf, regionPrefix } from '../../kernel/auth/index.js';
import { tablesOf, type Db } from '../../kernel/db/index.js';
import { Nullable } from '../../kernel/http/index.js';
import { STATUSES, type CaseStatus } from './cases.model.js';
import { CasesPermissions as P } from './cases.permissions.js';
import { Status, Urgency, Warning } from './cases.schemas.js';
import type { CasesTables } from './cases.tables.js';

const OPEN_STATUSES = STATUSES.filter((s) => s !== 'closed');
const OpenStatus = Type.Union(OPEN_STATUSES.map((s) => Type.Literal(s)));

export const CaseMapQuery = Type.Object({
  status: Type.Optional(Type.Array(OpenStatus, { maxItems: OPEN_STATUSES.length, description: '只看这些状态（默认：全部未结案）' })),
  categoryCode: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 2000, description: '最多返回的案件点数（最新的优先）' }),
  days: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: '热点统计的时间窗（天）' }),
});

export const CaseMap = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      status: Status,
      warning: Warning,
      urgency: Urgency,
      categoryCode: Nullable(Type.String()),
      categoryName: Nullable(Type.String()),
      gridCode: Nullable(Type.String()),
      createdAt: Type.String(),
    }),
  ),
  /** Open cases with a point in the region; more than `items` when capped. */
  total: Type.Integer(),
  capped: Type.Boolean(),
  hotspots: Type.Object({
    days: Type.Integer(),
    since: Type.String(),
    grids: Type.Array(Type.Object({ gridCode: Type.String(), count: Type.Integer() })),
  }),
});

const HOTSPOT_GRIDS = 500;

/** The queries behind the map: open cases with a point, and case counts per grid in a time window. */
export function createCaseMapQueries(db: Db) {
  const t = tablesOf<CasesTables>(db);
  return {
    async openCases(filter: { regionPrefix: string; status: readonly CaseStatus[]; categoryCode?: string | undefined; limit: number }) {
      let query = t
        .selectFrom('cases_case as c')
        .leftJoin('cases_category as g', 'g.code', 'c.category_code')
        .where('c.division_code', 'like', `${filter.regionPrefix}%`)
        .where('c.status', 'in', [...filter.status])
        .where('c.lon', 'is not', null)
        .where('c.lat', 'is not', null);
      if (filter.categoryCode) {
        query = query.where('c.category_code', '=', filter.categoryCode);
      }
      const [rows, count] = await Promise.all([
        query
          .select(['c.id', 'c.number', 'c.lon', 'c.lat', 'c.status', 'c.warning', 'c.urgency', 'c.category_code', 'g.name as category_name', 'c.grid_code', 'c.created_at'])
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id')
          .limit(filter.limit)
          .execute(),
        query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: count.n };
    },

    /** Cases (any status) per grid created since `since`, busiest first. */
    async perGrid(filter: { regionPrefix: string; since: Date; categoryCode?: string | undefined }) {
      let query = t
        .selectFrom('cases_case')
        .select(['grid_code', sql<number>`count(*)::int`.as('n')])
        .where('division_code', 'like', `${filter.regionPrefix}%`)
        .where('grid_code', 'is not', null)
        .where('created_at', '>=', filter.since);
      if (filter.categoryCode) {
        query = query.where('category_code', '=', filter.categoryCode);
      }
      return query.groupBy('grid_code').orderBy(sql`count(*)`, 'desc').orderBy('grid_code').limit(HOTSPOT_GRIDS).execute();
    },
  };
}

/** `GET /cases/map`: the element map's case layers — open cases as points, hot spots as counts per grid. */
export function casesMapRoutes(deps: { db: Db; now?: () => Date }): FastifyPluginAsyncTypebox {
  const queries = createCaseMapQueries(deps.db);
  const now = deps.now ?? (() => new Date());
  return async (app) => {
    app.get(
      '/cases/map',
      {
        schema: {
          tags: ['cases'],
          summary: '要素地图：本辖区未结案案件的点位（按状态、预警着色）与近 N 天各网格案件数（热点）',
          querystring: CaseMapQuery,
          response: { 200: CaseMap },
        },
        config: { access: P.read },
      },
      async (request) => {
        const prefix = regionPrefix(principalOf(request));
        const { limit, days, categoryCode } = request.query;
        const since = new Date(now().getTime() - days * 86_400_000);
        const [open, grids] = await Promise.all([
          queries.openCases({ regionPrefix: prefix, status: (request.query.status as CaseStatus[] | undefined) ?? OPEN_STATUSES, categoryCode, limit }),
          queries.perGrid({ regionPrefix: prefix, since, categoryCode }),
        ]);
        return {
          items: open.rows.map((r) => ({
            id: r.id,
            number: r.number,
            lon: r.lon!,
            lat: r.lat!,
            status: r.status,
            warning: r.warning,
            urgency: r.urgency,
            categoryCode: r.category_code,
            categoryName: r.category_name,
            gridCode: r.grid_code,
            createdAt: r.created_at.toISOString(),
          })),
          total: open.total,
          capped: open.total > open.rows.length,
          hotspots: { days, since: since.toISOString(), grids: grids.map((g) => ({ gridCode: g.grid_code!, count: g.n })) },
        };
      },
    );
  };
}

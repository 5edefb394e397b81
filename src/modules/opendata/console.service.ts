/**
 * The owner department's console: its datasets with freshness and use, the overdue ones
 * (its supervised items), and the catalog resources it may still publish.
 */
import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { createDatasetRepository } from './dataset.repository.js';
import { chinaDay, ownScope, type OpendataDeps } from './opendata.deps.js';
import { DatasetNotFound } from './opendata.errors.js';
import { freshness } from './opendata.model.js';
import { canManage } from './opendata.permissions.js';
import { createUsageRepository } from './usage.repository.js';

export function createConsoleService(deps: OpendataDeps) {
  const { db, catalog, clock } = deps;
  const datasets = createDatasetRepository(db);
  const usage = createUsageRepository(db);

  const scopeOf = (principal: Principal) => ({ ...ownScope(principal), regionPrefix: regionPrefix(principal) });

  return {
    /** The caller's organisation's datasets (an administrator's: the region's), every status. */
    async datasets(principal: Principal, page: { page: number; pageSize: number }) {
      const now = clock();
      const { items, total } = await datasets.ofOwner(scopeOf(principal), { offset: (page.page - 1) * page.pageSize, limit: page.pageSize });
      return { items: items.map((d) => ({ ...d, freshness: freshness(d.dueAt, now) })), total };
    },

    /** Published datasets past their promised update, most overdue first: what the department must refresh. */
    async overdue(principal: Principal) {
      const now = clock();
      const items = await datasets.overdue(now, scopeOf(principal), 500);
      return { items: items.map((d) => ({ ...d, freshness: freshness(d.dueAt, now) })), total: items.length };
    },

    /** Every overdue dataset of the caller's region, for those who supervise the departments (督办). */
    async regionOverdue(principal: Principal) {
      const now = clock();
      const items = await datasets.overdue(now, { regionPrefix: regionPrefix(principal) }, 1_000);
      return { items: items.map((d) => ({ ...d, freshness: freshness(d.dueAt, now) })), total: items.length };
    },

    /**
     * Downloads and API calls per day (China time) over the last `days` days, every day
     * present: of one dataset the caller manages, or of all of them.
     */
    async usage(principal: Principal, query: { days: number; dataset?: string | undefined }) {
      let ids: string[];
      if (query.dataset !== undefined) {
        const dataset = await datasets.get(query.dataset);
        if (!dataset || !canManage(principal, dataset.owner)) {
          throw DatasetNotFound();
        }
        ids = [dataset.id];
      } else {
        ids = await datasets.idsOf(scopeOf(principal));
      }
      const end = clock();
      const to = chinaDay(end);
      const from = chinaDay(new Date(end.getTime() - (query.days - 1) * 86_400_000));
      const counted = new Map((await usage.daily({ from, to }, ids)).map((d) => [d.day, d]));
      const days = [];
      for (let i = query.days - 1; i >= 0; i--) {
        const day = chinaDay(new Date(end.getTime() - i * 86_400_000));
        days.push(counted.get(day) ?? { day, downloads: 0, apiCalls: 0 });
      }
      return { from, to, days };
    },

    /** Published catalog resources of the caller's organisation open to the public (无条件 / 有条件开放) and not yet published here. */
    async candidates(principal: Principal) {
      const owner = principal.organisationId;
      const found = await catalog.service.search(principal, {
        page: 1,
        pageSize: 200,
        open: ['unconditional', 'conditional'],
        status: ['published'],
        ...(principal.permissions.has('*') || owner === null ? {} : { owner: [owner] }),
      });
      const published = await Promise.all(found.items.map((r) => datasets.getByResource(r.id)));
      return found.items
        .filter((_, i) => published[i] === undefined)
        .map((r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          owner: r.owner,
          openAttribute: r.openAttribute,
          openCondition: r.openCondition,
          updateCycle: r.updateCycle,
          tags: r.tags,
          fields: r.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, sensitivity: f.sensitivity })),
        }));
    },
  };
}

export type ConsoleService = ReturnType<typeof createConsoleService>;

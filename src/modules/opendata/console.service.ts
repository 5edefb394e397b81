/**
 * The owner department's console: its datasets with freshness and use, the overdue ones
 * (its supervised items), and the catalog resources it may still publish.
 */
import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { createDatasetRepository } from './dataset.repository.js';
import { ownScope, type OpendataDeps } from './opendata.deps.js';
import { freshness } from './opendata.model.js';

export function createConsoleService(deps: OpendataDeps) {
  const { db, catalog, clock } = deps;
  const datasets = createDatasetRepository(db);

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

import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { todayInShanghai, type DeadlineResult, type WorkingCalendar } from '../../kernel/calendar/index.js';
import { pageWindow, type Db } from '../../kernel/db/index.js';
import { AppError } from '../../kernel/errors/index.js';
import { countFacets, searchAllThenAny, textQuery, type TextSearchPage } from '../../kernel/text/index.js';
import type { OrgService } from '../org/index.js';
import { createItemRepository, type VersionRow } from './item.repository.js';
import { implementationCode, levelOf } from './services.codes.js';
import { assertAcceptable, completeContent, type ContentInput } from './services.content.js';
import { InvalidStatusChange, ItemNotFound, NotManager, OrganisationNotFound, OrganisationWithoutCreditCode } from './services.errors.js';
import { contentOf, sameContent, type Item, type ItemOrganisation } from './services.model.js';
import { actorOf, canManage, canSee } from './services.permissions.js';
import { FILLER_WORDS } from './services.search.js';
import { writeItem, type WriterDeps } from './services.writer.js';
import { createSearchRepository, FACETS, type FacetCount, type FacetKey, type ItemFilters } from './search.repository.js';

/** What the services module asks of the org module. */
export type OrgDirectory = Pick<OrgService, 'getOrganisation' | 'getOrganisationByCode' | 'getDivision' | 'actorNames'>;

export interface ServicesDeps extends WriterDeps {
  db: Db;
  org: OrgDirectory;
  calendar: Pick<WorkingCalendar, 'addWorkingDays'>;
}

export interface Page {
  page: number;
  pageSize: number;
}

export interface SearchQuery extends Page, ItemFilters {
  q?: string | undefined;
}

/** `tokens` leave out the filler words. */
export interface SearchResult extends Omit<TextSearchPage<Item & { score: number }>, 'tsquery'> {
  facets: Record<FacetKey, FacetCount[]>;
}

/** An item's guide (办事指南) for the public. */
export interface Guide extends Item {
  crossRegionNames: Array<{ code: string; name: string }>;
  /** The promised deadline if the application were accepted today; null for 即办. */
  deadline: (DeadlineResult & { from: string }) | null;
}

export interface VersionInput {
  version: number;
  note?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HIGH_FREQUENCY_LIMIT = 50;

const organisationOf = (o: { id: string; code: string; name: string; divisionCode: string; creditCode: string | null }): ItemOrganisation => {
  if (!o.creditCode) {
    throw OrganisationWithoutCreditCode({ organisation: o.code });
  }
  return { id: o.id, code: o.code, name: o.name, divisionCode: o.divisionCode, creditCode: o.creditCode };
};

/** Turns the org module's 404 into this module's own error. */
function orgNotFound(cause: unknown): never {
  if (cause instanceof AppError && cause.statusCode === 404) {
    throw OrganisationNotFound();
  }
  throw cause;
}

/** Service-item rules and access checks; every write is versioned, audited and announced. */
export function createServicesService(deps: ServicesDeps) {
  const { db, org } = deps;
  const items = createItemRepository(db);
  const search = createSearchRepository(db);

  const byIdOrCode = (idOrCode: string) => (UUID.test(idOrCode) ? items.get(idOrCode) : items.getByCode(idOrCode));

  async function visible(principal: Principal, id: string): Promise<Item> {
    const item = await items.get(id);
    if (!item || !canSee(principal, item.organisation)) {
      throw ItemNotFound();
    }
    return item;
  }

  /** The item as stored, and as the client read it: a write applies only to that version. */
  async function manageable(principal: Principal, id: string, version: number): Promise<{ stored: Item; expected: Item }> {
    const stored = await visible(principal, id);
    if (!canManage(principal, stored.organisation)) {
      throw NotManager({ organisation: stored.organisation.code });
    }
    return { stored, expected: { ...stored, version } };
  }

  async function runSearch(scope: 'public' | { regionPrefix: string }, query: SearchQuery): Promise<SearchResult> {
    const { q, page, pageSize, ...filters } = query;
    const text = q === undefined ? null : textQuery(q, { ignore: FILLER_WORDS });
    if (q !== undefined && text === null) {
      return { items: [], total: 0, match: 'all', tokens: [], facets: await countFacets(FACETS, () => Promise.resolve([])) };
    }
    const filter = { ...filters, scope, phrase: text?.phrase };
    const window = pageWindow(page, pageSize);
    const { tsquery, ...found } = await searchAllThenAny(text, (tsquery) => search.search({ ...filter, tsquery }, window));
    return { ...found, facets: await search.facets({ ...filter, tsquery }) };
  }

  async function changeStatus(principal: Principal, id: string, input: VersionInput, to: 'published' | 'withdrawn'): Promise<Item> {
    const { expected: item } = await manageable(principal, id, input.version);
    const allowed = to === 'published' ? item.status !== 'published' : item.status === 'published';
    if (!allowed) {
      throw InvalidStatusChange({ status: item.status, to });
    }
    const action = to === 'published' ? 'publish' : 'withdraw';
    return db.transaction().execute((trx) =>
      writeItem(deps, trx, { action, actor: actorOf(principal), note: input.note ?? null, content: contentOf(item), status: to }, { existing: item }),
    );
  }

  return {
    /**
     * Published items for everyone: Chinese full-text search with filters and facets.
     * Every word of `q` must match; when no item has them all, items with any of them are
     * returned (`match: any`).
     */
    publicSearch: (query: SearchQuery): Promise<SearchResult> => runSearch('public', { ...query, status: undefined }),

    /** Items of every status whose organisation lies in the caller's region. */
    manageSearch: (principal: Principal, query: SearchQuery): Promise<SearchResult> => runSearch({ regionPrefix: regionPrefix(principal) }, query),

    /** The published high-frequency list, in its order. */
    highFrequency: (): Promise<Item[]> => search.highFrequency(HIGH_FREQUENCY_LIMIT),

    /** The guide of a published item, by implementation code or id. */
    async guide(idOrCode: string): Promise<Guide> {
      const item = await byIdOrCode(idOrCode);
      if (!item || item.status !== 'published') {
        throw ItemNotFound();
      }
      const divisions = await Promise.all(item.crossRegion.map((code) => org.getDivision(code)));
      const today = todayInShanghai();
      return {
        ...item,
        crossRegionNames: item.crossRegion.map((code, i) => ({ code, name: divisions[i]?.name ?? code })),
        deadline: item.promisedLimitDays > 0 ? { from: today, ...deps.calendar.addWorkingDays(today, item.promisedLimitDays) } : null,
      };
    },

    async get(principal: Principal, id: string): Promise<Item & { canManage: boolean }> {
      const item = await visible(principal, id);
      return { ...item, canManage: canManage(principal, item.organisation) };
    },

    /** Creates a draft; the implementing organisation defaults to the caller's. */
    async create(principal: Principal, input: ContentInput & { basicCode: string; organisationId?: string | undefined; note?: string | undefined }): Promise<Item> {
      const organisationId = input.organisationId ?? principal.organisationId;
      if (!organisationId) {
        throw OrganisationNotFound();
      }
      const found = await org.getOrganisation(principal, organisationId).catch(orgNotFound);
      if (!canManage(principal, found)) {
        throw NotManager({ organisation: found.code });
      }
      const organisation = organisationOf(found);
      const level = levelOf(organisation.divisionCode);
      if (!level) {
        throw OrganisationNotFound({ organisation: organisation.code, reason: 'division' });
      }
      const { basicCode, organisationId: _organisation, note, ...rest } = input;
      const content = completeContent(rest);
      await assertAcceptable(content, organisation.divisionCode, org);
      const target = { code: implementationCode(basicCode, organisation), basicCode, organisation, level };
      return db.transaction().execute((trx) =>
        writeItem(deps, trx, { action: 'create', actor: actorOf(principal), note: note ?? null, content, status: 'draft' }, target),
      );
    },

    /** Changes an item if nobody else changed it since `version` (else 409); published items stay published. */
    async update(principal: Principal, id: string, input: Partial<ContentInput> & VersionInput): Promise<Item> {
      const { stored, expected } = await manageable(principal, id, input.version);
      const { version: _version, note, ...change } = input;
      const content = completeContent({ ...contentOf(stored), ...change });
      await assertAcceptable(content, stored.organisation.divisionCode, org);
      if (sameContent(content, contentOf(stored)) && stored.version === input.version) {
        return stored;
      }
      return db.transaction().execute((trx) =>
        writeItem(deps, trx, { action: 'update', actor: actorOf(principal), note: note ?? null, content, status: expected.status }, { existing: expected }),
      );
    },

    publish: (principal: Principal, id: string, input: VersionInput) => changeStatus(principal, id, input, 'published'),
    withdraw: (principal: Principal, id: string, input: VersionInput) => changeStatus(principal, id, input, 'withdrawn'),

    /** The versions of a visible item, newest first, with the names of their authors. */
    async versions(principal: Principal, id: string, page: Page) {
      await visible(principal, id);
      const { items: rows, total } = await items.listVersions(id, pageWindow(page.page, page.pageSize));
      const actors = [...new Set(rows.map((v) => v.actor).filter((a): a is string => a !== null))];
      const names = actors.length > 0 ? await org.actorNames(actors) : new Map<string, string>();
      return { items: rows.map((v) => ({ ...v, actorName: v.actor ? (names.get(v.actor) ?? null) : null })), total };
    },

    /** An item by id or implementation code, whatever its status (for other modules). */
    getItem: byIdOrCode,

    /** One version of an item, as an application that refers to (id, version) saw it. */
    getItemVersion: (id: string, version: number): Promise<VersionRow | undefined> =>
      UUID.test(id) ? items.getVersion(id, version) : Promise.resolve(undefined),
  };
}

export type ServicesService = ReturnType<typeof createServicesService>;

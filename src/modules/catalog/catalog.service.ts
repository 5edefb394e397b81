import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import { AppError } from '../../kernel/errors/index.js';
import { pageWindow, type Db } from '../../kernel/db/index.js';
import { countFacets, searchAllThenAny, type TextSearchPage } from '../../kernel/text/index.js';
import type { OrgService } from '../org/index.js';
import { actorOf, canManage, canSee } from './catalog.access.js';
import { InvalidStatusChange, NotOwner, OwnerNotFound, ResourceNotFound } from './catalog.errors.js';
import {
  assertValidContent,
  contentOf,
  normaliseContent,
  sameContent,
  type Resource,
  type ResourceContent,
  type ResourceOwner,
} from './catalog.model.js';
import { textQuery } from './catalog.search.js';
import { writeResource, type WriterDeps } from './catalog.writer.js';
import { createResourceRepository } from './resource.repository.js';
import { createSearchRepository, FACETS, type FacetCount, type FacetKey, type ResourceFilters } from './search.repository.js';

/** What the catalog asks of the org module. */
export type OrgDirectory = Pick<OrgService, 'getOrganisation' | 'getOrganisationByCode' | 'actorNames'>;

export interface Page {
  page: number;
  pageSize: number;
}

export interface SearchQuery extends Page, ResourceFilters {
  q?: string | undefined;
}

export interface SearchResult extends Omit<TextSearchPage<Resource & { score: number }>, 'tsquery'> {
  facets: Record<FacetKey, FacetCount[]>;
}

export type ContentInput = Omit<ResourceContent, 'shareCondition' | 'openCondition' | 'description' | 'category' | 'tags'> &
  Partial<Pick<ResourceContent, 'shareCondition' | 'openCondition' | 'description' | 'category' | 'tags'>>;

/** Fills the optional parts of a content input. */
export function completeContent(input: ContentInput): ResourceContent {
  return normaliseContent({
    description: '',
    category: '',
    tags: [],
    ...input,
    shareCondition: input.shareCondition ?? null,
    openCondition: input.openCondition ?? null,
  });
}

const ownerOf = (o: { id: string; code: string; name: string; divisionCode: string }): ResourceOwner => ({
  id: o.id,
  code: o.code,
  name: o.name,
  divisionCode: o.divisionCode,
});

/** `<division>-<organisation code without its first segment>-`, e.g. `420700-gaj-`. */
export function codePrefix(owner: ResourceOwner): string {
  const parts = owner.code.split('-');
  const short = parts.length > 1 ? parts.slice(1).join('-') : owner.code;
  return `${owner.divisionCode.slice(0, 6)}-${short}-`;
}

/** Catalog rules and access checks; every write is versioned, audited and announced. */
export function createCatalogService(deps: WriterDeps & { db: Db; org: OrgDirectory }) {
  const { db, org } = deps;
  const resources = createResourceRepository(db);
  const search = createSearchRepository(db);

  async function visible(principal: Principal, id: string): Promise<Resource> {
    const resource = await resources.get(id);
    if (!resource || !canSee(principal, resource)) {
      throw ResourceNotFound();
    }
    return resource;
  }

  /** The resource as stored, and as the client read it: a write applies only to that version. */
  async function manageable(principal: Principal, id: string, version: number): Promise<{ stored: Resource; expected: Resource }> {
    const stored = await visible(principal, id);
    if (!canManage(principal, stored.owner)) {
      throw NotOwner({ owner: stored.owner.code });
    }
    return { stored, expected: { ...stored, version } };
  }

  async function newCode(owner: ResourceOwner): Promise<string> {
    const prefix = codePrefix(owner);
    for (;;) {
      const code = `${prefix}${String(await resources.nextSequence(prefix)).padStart(6, '0')}`;
      if (!(await resources.codeExists(code))) {
        return code;
      }
    }
  }

  async function changeStatus(principal: Principal, id: string, input: { version: number; note?: string | undefined }, to: 'published' | 'retired') {
    const { expected: resource } = await manageable(principal, id, input.version);
    const allowed = to === 'published' ? resource.status !== 'published' : resource.status === 'published';
    if (!allowed) {
      throw InvalidStatusChange({ status: resource.status, to });
    }
    return db.transaction().execute((trx) =>
      writeResource(
        deps,
        trx,
        { action: to === 'published' ? 'publish' : 'retire', actor: actorOf(principal), note: input.note ?? null, content: contentOf(resource), owner: resource.owner, status: to },
        { existing: resource },
      ),
    );
  }

  return {
    /**
     * Full-text search in Chinese with filters and facets. Every word of `q` must match;
     * when no resource has them all, resources with any of them are returned (`match: any`).
     */
    async search(principal: Principal, query: SearchQuery): Promise<SearchResult> {
      const { q, page, pageSize, ...filters } = query;
      const text = q === undefined ? null : textQuery(q);
      if (q !== undefined && text === null) {
        return { items: [], total: 0, match: 'all', tokens: [], facets: await countFacets(FACETS, () => Promise.resolve([])) };
      }
      const filter = { ...filters, regionPrefix: regionPrefix(principal), phrase: text?.phrase };
      const window = pageWindow(page, pageSize);
      const { tsquery, ...found } = await searchAllThenAny(text, (tsquery) => search.search({ ...filter, tsquery }, window));
      return { ...found, facets: await search.facets({ ...filter, tsquery }) };
    },

    async get(principal: Principal, id: string): Promise<Resource & { canManage: boolean }> {
      const resource = await visible(principal, id);
      return { ...resource, canManage: canManage(principal, resource.owner) };
    },

    /** Creates a draft; the owner defaults to the caller's organisation. */
    async create(principal: Principal, input: ContentInput & { ownerId?: string | undefined; note?: string | undefined }): Promise<Resource> {
      const ownerId = input.ownerId ?? principal.organisationId;
      if (!ownerId) {
        throw OwnerNotFound();
      }
      const owner = ownerOf(await org.getOrganisation(principal, ownerId).catch(notFoundAs(OwnerNotFound)));
      if (!canManage(principal, owner)) {
        throw NotOwner({ owner: owner.code });
      }
      const { ownerId: _owner, note, ...rest } = input;
      const content = completeContent(rest);
      assertValidContent(content);
      const code = await newCode(owner);
      return db.transaction().execute((trx) =>
        writeResource(deps, trx, { action: 'create', actor: actorOf(principal), note: note ?? null, content, owner, status: 'draft' }, { newCode: code }),
      );
    },

    /** Changes a resource if nobody else changed it since `version` (else 409). */
    async update(principal: Principal, id: string, input: Partial<ContentInput> & { version: number; note?: string | undefined }): Promise<Resource> {
      const { stored, expected: resource } = await manageable(principal, id, input.version);
      const { version: _version, note, ...change } = input;
      const content = completeContent({ ...contentOf(stored), ...change });
      assertValidContent(content);
      if (sameContent(content, contentOf(stored)) && stored.version === input.version) {
        return stored;
      }
      return db.transaction().execute((trx) =>
        writeResource(deps, trx, { action: 'update', actor: actorOf(principal), note: note ?? null, content, owner: resource.owner, status: resource.status }, { existing: resource }),
      );
    },

    publish: (principal: Principal, id: string, input: { version: number; note?: string | undefined }) => changeStatus(principal, id, input, 'published'),
    retire: (principal: Principal, id: string, input: { version: number; note?: string | undefined }) => changeStatus(principal, id, input, 'retired'),

    /** The versions of a visible resource, newest first, with the names of their authors. */
    async versions(principal: Principal, id: string, page: Page) {
      await visible(principal, id);
      const { items, total } = await resources.listVersions(id, pageWindow(page.page, page.pageSize));
      const actors = [...new Set(items.map((v) => v.actor).filter((a): a is string => a !== null))];
      const names = actors.length > 0 ? await org.actorNames(actors) : new Map<string, string>();
      return { items: items.map((v) => ({ ...v, actorName: v.actor ? (names.get(v.actor) ?? null) : null })), total };
    },

    /** Builds an owner from an organisation code (for seeds and other modules). */
    async ownerByCode(code: string): Promise<ResourceOwner> {
      const organisation = await org.getOrganisationByCode(code);
      if (!organisation) {
        throw OwnerNotFound({ owner: code });
      }
      return ownerOf(organisation);
    },
  };
}

/** Turns the org module's 404 into the catalog's own error. */
function notFoundAs(error: (details?: unknown) => AppError) {
  return (cause: unknown): never => {
    if (cause instanceof AppError && cause.statusCode === 404) {
      throw error();
    }
    throw cause;
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;

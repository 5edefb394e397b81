import { createTtlCache } from '../../kernel/cache/index.js';
import { createCategoryRepository, type CategoryRecord } from './category.repository.js';
import type { CaseOrganisation, CasesDeps } from './cases.deps.js';

/**
 * How long intake may rely on a division, category line or organisation it read before:
 * every call reads them, they change rarely. An edit of the responsibility list made on this
 * node applies at once (it forgets the line); made on another node, or a renamed
 * organisation, within this time.
 */
export const DIRECTORY_CACHE_MS = 5_000;

/** The reference data intake reads for every call — divisions, categories with their responsibility line, organisations — cached briefly. */
export function createDispatchDirectory(deps: Pick<CasesDeps, 'db' | 'org'>) {
  const divisions = createTtlCache<string, object>({ ttlMs: DIRECTORY_CACHE_MS });
  const categories = createTtlCache<string, CategoryRecord>({ ttlMs: DIRECTORY_CACHE_MS });
  const organisations = createTtlCache<string, CaseOrganisation>({ ttlMs: DIRECTORY_CACHE_MS });

  /** What is found is kept; what is missing is asked again next time (it may be created any moment). */
  async function cached<V>(cache: { get(key: string): V | undefined; set(key: string, value: V): void }, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
    const known = cache.get(key);
    if (known !== undefined) {
      return known;
    }
    const value = await read();
    if (value !== undefined) {
      cache.set(key, value);
    }
    return value;
  }

  return {
    division: (code: string) => cached(divisions, code, () => deps.org.getDivision(code)),
    category: (code: string) => cached(categories, code, () => createCategoryRepository(deps.db).get(code)),
    organisation: (code: string) => cached(organisations, code, () => deps.org.getOrganisationByCode(code)),
    /** After an edit of the category's responsibility line on this node. */
    forgetCategory(code: string): void {
      categories.delete(code);
    },
  };
}

export type DispatchDirectory = ReturnType<typeof createDispatchDirectory>;

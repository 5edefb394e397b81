import { inTransaction, type Db, type Executor } from '../../kernel/db/index.js';
import { ValidationFailed } from '../../kernel/errors/index.js';
import { assertValidContent, contentOf, sameContent, type Resource, type ResourceOwner, type Status } from './catalog.model.js';
import { completeContent, type ContentInput } from './catalog.service.js';
import { writeResource, type WriterDeps } from './catalog.writer.js';
import { createResourceRepository } from './resource.repository.js';

/** A resource as another module (or the demo) declares it: identified by its code. */
export interface ResourceDefinition extends ContentInput {
  /** Stable code, e.g. `420700-gaj-000001`: lower-case letters, digits, `-` and `.`, 3 to 64. */
  code: string;
  /** Code of the owner organisation in the org module, e.g. `ezhou-gaj`. */
  ownerCode: string;
  /** Default `published`. */
  status?: Exclude<Status, 'retired'> | undefined;
  /** Change note of the version this call creates, if it creates one. */
  note?: string | undefined;
}

export interface EnsureOptions {
  /** Audit actor, e.g. `system:registry` (default `system`). */
  actor?: string;
  /** Write inside this transaction (the caller's); by default a transaction of its own. */
  executor?: Executor;
}

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

const CODE = /^[0-9a-z][0-9a-z.-]{2,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The catalog's surface for other modules: `ensureResource` registers a resource
 * idempotently, `getResource` reads one with its fields and their sensitivities.
 */
export function createRegistration(deps: WriterDeps & { db: Db; ownerByCode: (code: string) => Promise<ResourceOwner> }) {
  const { db } = deps;

  return {
    /**
     * Creates the resource `def.code`, or brings it to `def` with a new version; does
     * nothing (no version, no audit record, no event) when it already matches. The same
     * rules apply as for a steward's edit (grade, conditions, unique fields).
     */
    async ensureResource(def: ResourceDefinition, options: EnsureOptions = {}): Promise<{ resource: Resource; outcome: EnsureOutcome }> {
      if (!CODE.test(def.code)) {
        throw ValidationFailed({ issues: [{ location: 'definition', path: '/code', message: 'must match ^[0-9a-z][0-9a-z.-]{2,63}$' }] });
      }
      const { code, ownerCode, status = 'published', note = null, ...input } = def;
      const content = completeContent(input);
      assertValidContent(content);
      const owner = await deps.ownerByCode(ownerCode);
      const actor = options.actor ?? 'system';
      return inTransaction(options.executor ?? db, async (trx) => {
        const existing = await createResourceRepository(trx).getByCode(code);
        if (!existing) {
          const resource = await writeResource(deps, trx, { action: 'create', actor, note, content, owner, status }, { newCode: code });
          return { resource, outcome: 'created' as const };
        }
        const sameOwner = existing.owner.id === owner.id && existing.owner.name === owner.name;
        if (sameOwner && existing.status === status && sameContent(content, contentOf(existing))) {
          return { resource: existing, outcome: 'unchanged' as const };
        }
        const action = sameOwner && sameContent(content, contentOf(existing)) ? (status === 'published' ? 'publish' : 'update') : 'update';
        const resource = await writeResource(deps, trx, { action, actor, note, content, owner, status }, { existing });
        return { resource, outcome: 'updated' as const };
      });
    },

    /** A resource by id or code, whatever its status; undefined when there is none. */
    async getResource(idOrCode: string): Promise<Resource | undefined> {
      const repo = createResourceRepository(db);
      return UUID.test(idOrCode) ? repo.get(idOrCode) : repo.getByCode(idOrCode);
    },
  };
}

export type Registration = ReturnType<typeof createRegistration>;

import { performance } from 'node:perf_hooks';
import { createTtlCache } from '../../kernel/cache/index.js';
import { createRateLimiter, type Principal } from '../../kernel/auth/index.js';
import { hmacSm3 } from '../../kernel/crypto/index.js';
import { createGroupCommit, executeTogether, type Db } from '../../kernel/db/index.js';
import { AppError } from '../../kernel/errors/index.js';
import { shanghaiDay } from './exchange.dates.js';
import {
  ApiKeyRequired,
  FieldNotGranted,
  GrantExpired,
  GrantRevoked,
  InvalidIdentifier,
  NoGrant,
  OutsideRegion,
  PurposeRequired,
  RateExceeded,
  ResourceUnavailable,
  SubjectNotFound,
} from './exchange.errors.js';
import { createBatchLoader } from './batch-loader.js';
import { project, type FieldSpec } from './exchange.masking.js';
import type { GrantCache } from './grant-cache.js';
import { createExchangeRepository, type CallInput, type GrantRow } from './exchange.repository.js';
import type { AuditAppender, AuditEntryInput, CatalogLookup, CatalogResource } from './exchange.ports.js';

/** The base-registry lookups the gateway serves (the registry module's exports fit). */
export interface RegistryLookups {
  findPersonByIdNumber(idNumber: string): Promise<({ householdDivision: string; name: string } & object) | undefined>;
  findPersonsByIdNumbers(idNumbers: string[]): Promise<Array<({ householdDivision: string; name: string } & object) | undefined>>;
  findEntityByCreditCode(creditCode: string): Promise<({ divisionCode: string } & object) | undefined>;
}

/** Who asks, why, and for what: read from the request by the routes. */
export interface CallContext {
  principal: Principal;
  purpose: string | undefined;
  caseId: string | undefined;
  /** `?fields=`: a subset of the grant's fields; all granted fields when absent. */
  fields: string[] | undefined;
}

type Operation = 'person.lookup' | 'entity.lookup' | 'person.verify';
const RESOURCE_TTL_MS = 30_000;

/**
 * The exchange gateway: finds the caller's grant, enforces fields, period, rate and
 * region, masks the answer by field sensitivity, and records every call — allowed or
 * refused — in `exchange_call`, the day's counters and the audit log, committed before
 * the reply. Calls arriving together are committed together (group commit): one
 * transaction and one audit-chain lock per batch, not per call.
 */
export function createGateway(deps: {
  db: Db;
  audit: AuditAppender;
  catalog: CatalogLookup;
  registry: RegistryLookups;
  /** Registry resources in the catalog, by code. */
  resourceCodes: { persons: string; entities: string };
  /** HMAC-SM3 key for subject hashes: identifiers are never stored in clear. */
  subjectKey: Buffer;
  grants: GrantCache;
}) {
  const { db, audit } = deps;
  const repo = createExchangeRepository(db);
  const limiter = createRateLimiter();
  const resources = createTtlCache<string, CatalogResource>({ ttlMs: RESOURCE_TTL_MS });
  // A batch waits briefly for the calls under way (still checking or reading the registry).
  const recorder = createGroupCommit<{ call: CallInput; day: string; entry: AuditEntryInput }>({
    maxWaitMs: 5,
    write: (records) =>
      db.transaction().execute(async (trx) => {
        // The chain's claim first, then the calls, counters and audit records in one statement.
        const { rows } = await audit.claimQuery(records.length).execute(trx);
        const sealed = audit.sealQueries(trx, rows[0]?.audit_head, records.map((r) => r.entry));
        await executeTogether(trx, [...createExchangeRepository(trx).recordCallsQueries(records), ...sealed.queries]);
      }),
  });

  // Lookups of calls that arrive together go to the registry as one query.
  const findPerson = createBatchLoader(
    (idNumbers: string[]) => deps.registry.findPersonsByIdNumbers(idNumbers),
    (idNumber: string) => deps.registry.findPersonByIdNumber(idNumber),
  );

  const subjectHash = (identifier: string) => hmacSm3(deps.subjectKey, identifier.trim().toUpperCase()).toString('hex').slice(0, 32);

  // Resource metadata changes rarely; grants are cached for a second at most (grant-cache.ts).
  async function resourceOf(code: string): Promise<CatalogResource> {
    const cached = resources.get(code);
    if (cached) {
      return cached;
    }
    const resource = await deps.catalog.getResource(code);
    if (!resource) {
      throw ResourceUnavailable({ resource: code });
    }
    resources.set(code, resource);
    return resource;
  }

  async function currentGrant(consumerOrgId: string, resourceId: string): Promise<GrantRow | undefined> {
    const cached = deps.grants.get(consumerOrgId, resourceId);
    if (cached) {
      return cached;
    }
    const grant = await repo.currentGrant(consumerOrgId, resourceId);
    if (grant) {
      deps.grants.set(consumerOrgId, resourceId, grant);
    }
    return grant;
  }

  function checkGrant(grant: GrantRow | undefined, today: string): asserts grant is GrantRow {
    if (!grant) {
      throw NoGrant();
    }
    if (grant.status === 'revoked') {
      throw GrantRevoked({ grantId: grant.id, revokedAt: grant.revoked_at });
    }
    if (grant.status === 'expired' || grant.valid_to < today) {
      throw GrantExpired({ grantId: grant.id, validTo: grant.valid_to });
    }
    if (grant.valid_from > today) {
      throw NoGrant({ grantId: grant.id, validFrom: grant.valid_from });
    }
  }

  function grantedFields(grant: GrantRow, resource: CatalogResource, asked: string[] | undefined): FieldSpec[] {
    const names = asked ?? grant.fields;
    const beyond = names.filter((n) => !grant.fields.includes(n));
    if (beyond.length > 0) {
      throw FieldNotGranted({ fields: beyond });
    }
    return resource.fields.filter((f) => names.includes(f.name));
  }

  async function call<T>(
    context: CallContext,
    operation: Operation,
    resourceCode: string,
    subjects: string[],
    work: (access: { grant: GrantRow; fields: FieldSpec[] }) => Promise<{ body: T; fields: string[] }>,
  ): Promise<T> {
    const started = performance.now();
    const ticket = recorder.begin();
    const { principal } = context;
    const today = shanghaiDay();
    let resourceId: string | null = null;
    let grant: GrantRow | undefined;
    let fields: string[] = [];
    const record = async (status: number, result: string) => {
      const subject = subjects.length === 0 ? null : subjects.map(subjectHash).join(',');
      await ticket.add({
        call: {
          consumer_org_id: principal.organisationId,
          api_key_id: principal.kind === 'apiKey' ? principal.id : null,
          resource_id: resourceId,
          grant_id: grant?.id ?? null,
          operation,
          subject_hash: subject,
          subjects: subjects.length,
          fields,
          purpose: context.purpose ?? null,
          case_id: context.caseId ?? null,
          result,
          status,
          latency_ms: Math.round((performance.now() - started) * 100) / 100,
        },
        day: today,
        entry: {
          actor: `${principal.kind === 'apiKey' ? 'apikey' : 'user'}:${principal.id}`,
          action: 'exchange.gateway.call',
          target: grant ? `exchange_grant:${grant.id}` : `catalog_resource:${resourceId ?? resourceCode}`,
          details: { operation, result, status, subject, fields, purpose: context.purpose ?? null, caseId: context.caseId ?? null, consumer: principal.organisationId },
        },
      });
    };
    try {
      if (principal.kind !== 'apiKey' || !principal.organisationId) {
        throw ApiKeyRequired();
      }
      if (!context.purpose) {
        throw PurposeRequired();
      }
      const resource = await resourceOf(resourceCode);
      resourceId = resource.id;
      // Assigned before the check, so a call refused under a revoked or expired grant is
      // metered against that grant and shows on its owner's usage page.
      grant = await currentGrant(principal.organisationId, resource.id);
      checkGrant(grant, today);
      const specs = grantedFields(grant, resource, context.fields);
      const verdict = limiter.take(grant.id, grant.rate_per_minute);
      if (!verdict.allowed) {
        throw RateExceeded({ retryAfterSeconds: verdict.retryAfterSeconds, ratePerMinute: grant.rate_per_minute });
      }
      const outcome = await work({ grant, fields: specs });
      fields = outcome.fields;
      await record(200, 'OK');
      return outcome.body;
    } catch (error) {
      const known = error instanceof AppError ? error : null;
      // Registry validation errors are the caller's bad identifiers.
      const reported = known?.code.startsWith('REGISTRY_INVALID') ? InvalidIdentifier(known.details) : known;
      await record(reported?.statusCode ?? 500, reported?.code ?? 'INTERNAL');
      throw reported ?? error;
    } finally {
      ticket.close();
    }
  }

  const within = (grant: GrantRow, division: string) => division.startsWith(grant.region_prefix);

  return {
    /** A person by citizen ID number: granted fields, masked. */
    person: (context: CallContext, idNumber: string) =>
      call(context, 'person.lookup', deps.resourceCodes.persons, [idNumber], async ({ grant, fields }) => {
        const person = await findPerson(idNumber);
        if (!person) {
          throw SubjectNotFound();
        }
        if (!within(grant, person.householdDivision)) {
          throw OutsideRegion({ region: grant.region_prefix });
        }
        const { data, withheld } = project(person as Record<string, unknown>, fields, grant.clear_text);
        return { body: { grantId: grant.id, clearText: grant.clear_text, data, withheld }, fields: fields.map((f) => f.name) };
      }),

    /** A legal entity by unified social credit code. */
    entity: (context: CallContext, creditCode: string) =>
      call(context, 'entity.lookup', deps.resourceCodes.entities, [creditCode], async ({ grant, fields }) => {
        const entity = await deps.registry.findEntityByCreditCode(creditCode);
        if (!entity) {
          throw SubjectNotFound();
        }
        if (!within(grant, entity.divisionCode)) {
          throw OutsideRegion({ region: grant.region_prefix });
        }
        const { data, withheld } = project(entity as Record<string, unknown>, fields, grant.clear_text);
        return { body: { grantId: grant.id, clearText: grant.clear_text, data, withheld }, fields: fields.map((f) => f.name) };
      }),

    /**
     * Batch check of {idNumber, name} pairs: `match` true or false; null when the person
     * is registered outside the grant's region (not answered). Needs `name` granted.
     */
    verify: (context: CallContext, pairs: Array<{ idNumber: string; name: string }>) =>
      call(context, 'person.verify', deps.resourceCodes.persons, pairs.map((p) => p.idNumber), async ({ grant }) => {
        if (!grant.fields.includes('name')) {
          throw FieldNotGranted({ fields: ['name'] });
        }
        const persons = await Promise.all(pairs.map((p) => findPerson(p.idNumber)));
        const results = pairs.map((pair, index) => {
          const person = persons[index];
          if (person && !within(grant, person.householdDivision)) {
            return { index, match: null };
          }
          return { index, match: person !== undefined && person.name === pair.name.trim() };
        });
        return { body: { grantId: grant.id, results }, fields: ['name'] };
      }),
  };
}

export type Gateway = ReturnType<typeof createGateway>;

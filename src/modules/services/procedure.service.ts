import type { Principal } from '../../kernel/auth/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import type { Db } from '../../kernel/db/index.js';
import type { OrgService } from '../org/index.js';
import { InvalidProcedure, ProcedureVersionConflict } from './applications.errors.js';
import { defaultProcedure, STEPS, type Procedure, type ResultValue, type Rule, type Step } from './applications.model.js';
import { formProperties, formSubject } from './applications.form.js';
import type { LicenseDirectory } from './applications.ports.js';
import { checkRules } from './instant-rules.js';
import { createProcedureRepository, type StoredProcedure } from './procedure.repository.js';
import { ItemNotFound, NotManager } from './services.errors.js';
import type { Item } from './services.model.js';
import { actorOf, canManage, canSee } from './services.permissions.js';

/** A procedure as a writer states it: organisations by code, omitted parts default. */
export interface ProcedureInput {
  resultLicenseTypeCode?: string | null | undefined;
  resultData?: Record<string, ResultValue> | undefined;
  /** Codes of the organisations that review in parallel (并联审查). */
  parallelReviews?: string[] | undefined;
  stepRoles?: Partial<Record<Step, string[]>> | undefined;
  waivedMaterials?: Array<{ name: string; reason: string }> | undefined;
  instantRules?: Rule[] | null | undefined;
}

/** Values a result license may take from the applicant's registry record (no identifiers, no phones). */
const DATA_PATHS: Record<string, readonly string[]> = {
  'registry.person': ['name', 'sex', 'birthDate', 'age', 'ethnicity', 'householdDivision', 'address', 'status'],
  'registry.entity': ['name', 'type', 'legalRepName', 'registeredCapital', 'establishedOn', 'divisionCode', 'address', 'status'],
  applicant: ['name', 'representativeName'],
};


function knownPath(path: string, fields: readonly string[]): boolean {
  if (path === 'today') {
    return true;
  }
  if (path.startsWith('form.')) {
    return fields.includes(path.slice('form.'.length));
  }
  const cut = path.lastIndexOf('.');
  return cut > 0 && (DATA_PATHS[path.slice(0, cut)] ?? []).includes(path.slice(cut + 1));
}

/** JSON with object keys sorted: jsonb gives keys back in its own order. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

export interface ProcedureDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  org: Pick<OrgService, 'getOrganisationByCode' | 'listRoles'>;
  licenses: Pick<LicenseDirectory, 'getType'>;
  getItem(id: string): Promise<Item | undefined>;
}

/** Items' procedures: read (the default when none is stored), checked and versioned writes. */
export function createProcedureService(deps: ProcedureDeps) {
  const repo = createProcedureRepository(deps.db);

  /** Resolves and checks a procedure for `item`; SERVICES_INVALID_PROCEDURE lists every problem. */
  async function resolve(item: Item, input: ProcedureInput): Promise<Procedure> {
    const issues: Array<{ path: string; message: string }> = [];
    const fallback = defaultProcedure();
    const fields = formProperties(item.formSchema);
    const materialNames = item.materials.map((m) => m.name);

    const resultLicenseTypeCode = input.resultLicenseTypeCode ?? null;
    const resultData = input.resultData ?? {};
    if (resultLicenseTypeCode !== null) {
      const type = await deps.licenses.getType(resultLicenseTypeCode);
      if (!type) {
        issues.push({ path: '/resultLicenseTypeCode', message: 'no such license type' });
      } else {
        const subject = type.holderKind === 'person' ? 'natural_person' : 'legal_person';
        const form = formSubject(item.formSchema);
        if (!item.subjects.includes(subject) || (form !== null && (form === 'person') !== (type.holderKind === 'person'))) {
          issues.push({ path: '/resultLicenseTypeCode', message: `the license is held by a ${type.holderKind}, the item does not serve one` });
        }
        for (const field of type.fields.filter((f) => f.required && resultData[f.name] === undefined)) {
          issues.push({ path: `/resultData/${field.name}`, message: 'required by the license type' });
        }
        for (const key of Object.keys(resultData).filter((k) => !type.fields.some((f) => f.name === k))) {
          issues.push({ path: `/resultData/${key}`, message: 'not a field of the license type' });
        }
      }
    } else if (Object.keys(resultData).length > 0) {
      issues.push({ path: '/resultData', message: 'needs a result license type' });
    }
    for (const [key, value] of Object.entries(resultData)) {
      if ('path' in value && !knownPath(value.path, fields)) {
        issues.push({ path: `/resultData/${key}`, message: 'path must be form.<field>, registry.person.<field>, registry.entity.<field>, applicant.name, applicant.representativeName or today' });
      }
    }

    const parallelReviews: Procedure['parallelReviews'] = [];
    for (const [i, code] of (input.parallelReviews ?? []).entries()) {
      const organisation = await deps.org.getOrganisationByCode(code);
      if (!organisation || organisation.id === item.organisation.id || parallelReviews.some((p) => p.organisationId === organisation.id)) {
        issues.push({ path: `/parallelReviews/${i}`, message: 'must be another known organisation, once' });
      } else {
        parallelReviews.push({ organisationId: organisation.id, code: organisation.code, name: organisation.name });
      }
    }

    const roles = new Set((await deps.org.listRoles()).map((r) => r.code));
    const stepRoles = { ...fallback.stepRoles, ...input.stepRoles };
    for (const step of STEPS) {
      if (stepRoles[step].length === 0 || stepRoles[step].some((r) => !roles.has(r))) {
        issues.push({ path: `/stepRoles/${step}`, message: 'must list known roles' });
      }
    }

    const waivedMaterials = input.waivedMaterials ?? [];
    waivedMaterials.forEach((w, i) => {
      if (!materialNames.includes(w.name) || waivedMaterials.findIndex((o) => o.name === w.name) !== i) {
        issues.push({ path: `/waivedMaterials/${i}`, message: 'must name a material of the item, once' });
      }
    });

    const instantRules = input.instantRules ?? null;
    if (instantRules !== null) {
      if (instantRules.length === 0) {
        issues.push({ path: '/instantRules', message: 'null for no instant approval, else at least one rule' });
      }
      issues.push(...checkRules(instantRules, { formFields: fields, materials: materialNames }));
    }
    if (issues.length > 0) {
      throw InvalidProcedure({ issues });
    }
    return { resultLicenseTypeCode, resultData, parallelReviews, stepRoles, waivedMaterials, instantRules };
  }

  async function stored(itemId: string): Promise<StoredProcedure> {
    return (await repo.get(itemId)) ?? { ...defaultProcedure(), itemId, version: 0, updatedBy: null, updatedAt: null };
  }

  async function write(item: Item, version: number, procedure: Procedure, actor: string): Promise<StoredProcedure> {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await createProcedureRepository(trx).write(item.id, version, procedure, actor))) {
        throw ProcedureVersionConflict({ currentVersion: (await createProcedureRepository(trx).get(item.id))?.version ?? 0 });
      }
      await deps.audit.append(trx, {
        actor,
        action: 'services.procedure.update',
        target: `services.item:${item.id}`,
        details: {
          code: item.code,
          version: version + 1,
          resultLicenseTypeCode: procedure.resultLicenseTypeCode,
          parallelReviews: procedure.parallelReviews.map((p) => p.code),
          instantRules: procedure.instantRules?.length ?? 0,
        },
      });
    });
    return stored(item.id);
  }

  async function manageable(principal: Principal, itemId: string): Promise<Item> {
    const item = await deps.getItem(itemId);
    if (!item || !canSee(principal, item.organisation)) {
      throw ItemNotFound();
    }
    if (!canManage(principal, item.organisation)) {
      throw NotManager({ organisation: item.organisation.code });
    }
    return item;
  }

  return {
    /** The procedure an application of `itemId` is handled under now. */
    current: stored,

    /** For staff who manage the item. */
    async get(principal: Principal, itemId: string): Promise<StoredProcedure> {
      const item = await deps.getItem(itemId);
      if (!item || !canSee(principal, item.organisation)) {
        throw ItemNotFound();
      }
      return stored(itemId);
    },

    /** Replaces the procedure if it is still at `version` (0 when none was stored); audited. */
    async set(principal: Principal, itemId: string, input: ProcedureInput & { version: number }): Promise<StoredProcedure> {
      const item = await manageable(principal, itemId);
      const { version, ...rest } = input;
      return write(item, version, await resolve(item, rest), actorOf(principal));
    },

    /** Brings an item's procedure to `input` (the demo loader); writes nothing when it already matches. */
    async ensure(item: Item, input: ProcedureInput, actor: string): Promise<boolean> {
      const wanted = await resolve(item, input);
      const current = await stored(item.id);
      const { itemId: _id, version, updatedBy: _by, updatedAt: _at, ...procedure } = current;
      if (version > 0 && stableJson(procedure) === stableJson(wanted)) {
        return false;
      }
      await write(item, version, wanted, actor);
      return true;
    },
  };
}

export type ProcedureService = ReturnType<typeof createProcedureService>;

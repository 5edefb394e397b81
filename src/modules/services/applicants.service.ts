import type { Principal } from '../../kernel/auth/index.js';
import type { AuditLog } from '../../kernel/audit/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';
import { maskCitizenId } from '../../kernel/identifiers/index.js';
import type { OrgService } from '../org/index.js';
import type { LegalEntity, Person } from '../registry/index.js';
import { createApplicantRepository, type ApplicantRow } from './applicants.repository.js';
import { ApplicantExists, ApplicantNotVerified, NotApplicant } from './applications.errors.js';
import type { ApplicantKind } from './applications.model.js';
import type { ApplicationsOrg, RegistryDirectory } from './applications.ports.js';

/** The role of applicant accounts (org users): it grants `services.apply` only. */
export const APPLICANT_ROLE = 'applicant';
const CODE_AAD = 'services_applicant.code';

/** A verified applicant, with its identifier in clear (for the registries and the licenses module). */
export interface Applicant extends Omit<ApplicantRow, 'codeEnc'> {
  /** Citizen ID number or unified social credit code. */
  code: string;
}

export type Registration =
  | { kind: 'person'; username: string; password: string; name: string; idNumber: string }
  | { kind: 'enterprise'; username: string; password: string; creditCode: string; representativeName: string; representativeIdNumber: string };

/** What the registries hold on an applicant, as rules and result licenses may read it (no identifiers, no phones). */
export interface RegistryFacts {
  person?: Record<string, unknown> | undefined;
  entity?: Record<string, unknown> | undefined;
}

/** Whole years from `birthDate` to `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export function personFacts(p: Person, today: string): Record<string, unknown> {
  return { name: p.name, sex: p.sex, birthDate: p.birthDate, age: ageOn(p.birthDate, today), ethnicity: p.ethnicity, householdDivision: p.householdDivision, address: p.address, status: p.status };
}

export function entityFacts(e: LegalEntity): Record<string, unknown> {
  return { name: e.name, type: e.type, legalRepName: e.legalRepName, registeredCapital: e.registeredCapital, establishedOn: e.establishedOn, divisionCode: e.divisionCode, address: e.address, status: e.status };
}

const ACTIVE_ENTITY = new Set(['存续', '在业']);

export interface ApplicantsDeps {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  org: ApplicationsOrg & Pick<OrgService, 'getDivision'>;
  registry: RegistryDirectory;
}

/**
 * Applicants: citizens and enterprises, real-name verified against the base registries.
 * An applicant logs in as an org user with the `applicant` role (the same sessions, login
 * limits and audit as staff); this module keeps the verified identity beside the account.
 */
export function createApplicantsService(deps: ApplicantsDeps) {
  const { db, cipher, registry, org } = deps;
  const repo = createApplicantRepository(db);

  const withCode = (row: ApplicantRow): Applicant => {
    const { codeEnc, ...rest } = row;
    return { ...rest, code: cipher.decrypt(codeEnc, CODE_AAD) };
  };

  /** The most precise division of the org module's tree that holds `code` (township, county, city, province). */
  async function accountDivision(code: string): Promise<string> {
    for (const candidate of [code, code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
      if (await org.getDivision(candidate)) {
        return candidate;
      }
    }
    throw ApplicantNotVerified({ reason: 'division' });
  }

  async function verify(input: Registration): Promise<{ kind: ApplicantKind; name: string; code: string; codeMasked: string; representativeName: string | null; division: string }> {
    if (input.kind === 'person') {
      const person = await registry.findPersonByIdNumber(input.idNumber);
      if (!person || person.name !== input.name.trim() || person.status !== '正常') {
        throw ApplicantNotVerified();
      }
      return { kind: 'person', name: person.name, code: person.idNumber, codeMasked: maskCitizenId(person.idNumber), representativeName: null, division: person.householdDivision };
    }
    const entity = await registry.findEntityByCreditCode(input.creditCode);
    if (
      !entity ||
      !ACTIVE_ENTITY.has(entity.status) ||
      entity.legalRepName !== input.representativeName.trim() ||
      entity.legalRepIdNumber !== input.representativeIdNumber.trim().toUpperCase()
    ) {
      throw ApplicantNotVerified();
    }
    return { kind: 'enterprise', name: entity.name, code: entity.creditCode, codeMasked: entity.creditCode, representativeName: entity.legalRepName, division: entity.divisionCode };
  }

  return {
    /**
     * Verifies the identity against the registry (name and ID number; or credit code and the
     * legal representative's name and ID number), then creates the login account. The
     * identity is reserved first, so two registrations of one person cannot both succeed.
     * @throws SERVICES_APPLICANT_NOT_VERIFIED, SERVICES_APPLICANT_EXISTS, ORG_USERNAME_TAKEN, ORG_WEAK_PASSWORD.
     */
    async register(input: Registration, actor = 'system:services'): Promise<Applicant> {
      const verified = await verify(input);
      const divisionCode = await accountDivision(verified.division);
      const id = await repo.reserve({
        kind: verified.kind,
        name: verified.name,
        codeEnc: cipher.encrypt(verified.code, CODE_AAD),
        codeIndex: cipher.blindIndex(verified.code),
        codeMasked: verified.codeMasked,
        representativeName: verified.representativeName,
        divisionCode,
      });
      if (!id) {
        throw ApplicantExists();
      }
      let userId: string;
      try {
        const user = await org.createUser(null, { username: input.username, displayName: verified.name, password: input.password, divisionCode, roles: [APPLICANT_ROLE] }, actor);
        userId = user.id;
      } catch (error) {
        await repo.release(id);
        throw error;
      }
      await db.transaction().execute(async (trx) => {
        await createApplicantRepository(trx).attachUser(id, userId);
        await deps.audit.append(trx, { actor: `user:${userId}`, action: 'services.applicant.register', target: `services.applicant:${id}`, details: { kind: verified.kind, code: verified.codeMasked } });
      });
      return withCode((await repo.get(id))!);
    },

    /** The applicant behind a principal; SERVICES_NOT_APPLICANT for staff and API keys. */
    async of(principal: Principal): Promise<Applicant> {
      const row = principal.kind === 'user' ? await repo.getByUser(principal.id) : undefined;
      if (!row) {
        throw NotApplicant();
      }
      return withCode(row);
    },

    async get(id: string): Promise<Applicant | undefined> {
      const row = await repo.get(id);
      return row ? withCode(row) : undefined;
    },

    /** The applicant's registry records, as rules and result licenses read them. */
    async facts(applicant: Applicant, today: string): Promise<RegistryFacts> {
      if (applicant.kind === 'person') {
        const person = await registry.findPersonByIdNumber(applicant.code);
        return { person: person ? personFacts(person, today) : undefined };
      }
      const entity = await registry.findEntityByCreditCode(applicant.code);
      return { entity: entity ? entityFacts(entity) : undefined };
    },

    /**
     * Form values the registries already hold, under the field names of the demo forms:
     * applicantName, idNumber, phone, address; entityName, creditCode, legalRepresentative, address.
     */
    async prefill(applicant: Applicant): Promise<Record<string, string>> {
      if (applicant.kind === 'person') {
        const person = await registry.findPersonByIdNumber(applicant.code);
        return Object.fromEntries(
          Object.entries({ applicantName: applicant.name, idNumber: applicant.code, phone: person?.phone, address: person?.address }).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
      }
      const entity = await registry.findEntityByCreditCode(applicant.code);
      return Object.fromEntries(
        Object.entries({ entityName: applicant.name, creditCode: applicant.code, legalRepresentative: applicant.representativeName, address: entity?.address }).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      );
    },

  };
}

export type ApplicantsService = ReturnType<typeof createApplicantsService>;

/** Form fields that state who applies: always the verified applicant's values, whatever was sent. */
export function identityFields(applicant: Applicant): Record<string, string> {
  return applicant.kind === 'person'
    ? { applicantName: applicant.name, idNumber: applicant.code }
    : { entityName: applicant.name, creditCode: applicant.code, ...(applicant.representativeName ? { legalRepresentative: applicant.representativeName } : {}) };
}

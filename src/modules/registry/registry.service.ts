import { regionPrefix, type Principal } from '../../kernel/auth/index.js';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db, Executor } from '../../kernel/db/index.js';
import { divisionPrefix, parseCreditCode } from '../../kernel/identifiers/index.js';
import { divisionDirectory } from './divisions.js';
import { createEntityRepository, type LegalEntity } from './entity.repository.js';
import { checkCitizenId, shanghaiToday } from './identity.js';
import { checkFieldKeyFingerprint, createImportRunRepository } from './import-run.repository.js';
import { importFile, type ImportOptions, type ImportReport } from './import/importer.js';
import { maskAddress, maskCitizenId, maskName, maskPhone } from './masks.js';
import { createPersonRepository, type CountRow, type Person } from './person.repository.js';
import { createRegistryScan, type EntityScanFilter, type PersonScanFilter } from './registry.scan.js';
import { EntityNotFound, FieldKeyMismatch, InvalidCreditCode, InvalidIdNumber, PersonNotFound } from './registry.errors.js';

/** What the registry needs of the audit log (the kernel's AuditLog fits). */
export interface AuditAppender {
  append(executor: Executor, entry: { actor: string | null; action: string; target?: string | null; details?: unknown }): Promise<unknown>;
}

export interface DivisionCount extends CountRow {
  name: string;
}

const actorOf = (p: Principal) => `${p.kind === 'user' ? 'user' : 'apikey'}:${p.id}`;
const named = (rows: CountRow[]): DivisionCount[] => rows.map((r) => ({ ...r, name: divisionDirectory().name(r.code) ?? r.code }));
const sum = (rows: CountRow[]) => rows.reduce((total, r) => total + r.count, 0);

function validId(idNumber: string): string {
  const checked = checkCitizenId(idNumber, shanghaiToday());
  if (!checked.ok) {
    throw InvalidIdNumber({ errors: checked.errors });
  }
  return checked.value.id;
}

function validCreditCode(creditCode: string): string {
  const parsed = parseCreditCode(creditCode);
  if (!parsed.ok) {
    throw InvalidCreditCode({ errors: parsed.errors });
  }
  return parsed.value.code;
}

/** A person as the console shows it: identifiers, name, address and phone masked. */
export function maskedPerson(p: Person) {
  const directory = divisionDirectory();
  return {
    idNumber: maskCitizenId(p.idNumber),
    name: maskName(p.name),
    sex: p.sex,
    birthYear: Number(p.birthDate.slice(0, 4)),
    ethnicity: p.ethnicity,
    householdDivision: {
      code: p.householdDivision,
      name: directory.name(p.householdDivision) ?? p.householdDivision,
      countyName: directory.name(p.householdDivision.slice(0, 6)) ?? '',
    },
    address: p.address === null ? null : maskAddress(p.address),
    phone: p.phone === null ? null : maskPhone(p.phone),
    status: p.status,
    source: p.source,
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** A legal entity for the console: public registration data, the representative masked. */
export function maskedEntity(e: LegalEntity) {
  return {
    ...e,
    legalRepName: e.legalRepName === null ? null : maskName(e.legalRepName),
    legalRepIdNumber: e.legalRepIdNumber === null ? null : maskCitizenId(e.legalRepIdNumber),
    divisionName: divisionDirectory().name(e.divisionCode) ?? e.divisionCode,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * The base registries: lookups in clear for other modules (the exchange masks what it
 * passes on), masked and audited lookups for the console, counts, and bulk import.
 */
export function createRegistryService(deps: { db: Db; cipher: FieldCipher; audit: AuditAppender; dataDir: string }) {
  const { db, cipher, audit } = deps;
  const persons = createPersonRepository(db, cipher);
  const entities = createEntityRepository(db, cipher);
  const scan = createRegistryScan(db, cipher);

  return {
    /** The person with this citizen ID number, clear values; undefined when not registered. */
    async findPersonByIdNumber(idNumber: string): Promise<Person | undefined> {
      return persons.getByIdNumber(validId(idNumber));
    },
    /** {@link findPersonByIdNumber} for several ID numbers in one query, results in their order. */
    async findPersonsByIdNumbers(idNumbers: readonly string[]): Promise<Array<Person | undefined>> {
      return persons.getByIdNumbers(idNumbers.map(validId));
    },
    /** The entity with this unified social credit code; undefined when not registered. */
    async findEntityByCreditCode(creditCode: string): Promise<LegalEntity | undefined> {
      return entities.getByCreditCode(validCreditCode(creditCode));
    },
    /** Whether the registered name of this ID number is `name` (surrounding spaces ignored); false when not registered. */
    async verifyPersonName(idNumber: string, name: string): Promise<boolean> {
      const person = await persons.getByIdNumber(validId(idNumber));
      return person !== undefined && person.name === name.trim();
    },
    /** Credit codes of the entities whose legal representative holds this ID number. */
    async entitiesOfLegalRep(idNumber: string): Promise<string[]> {
      return entities.creditCodesByLegalRep(validId(idNumber));
    },
    /** Persons by county (6-digit code) under a division; the whole registry by default. */
    countPersonsByDivision: async (divisionCode?: string) => named(await persons.countByCounty(divisionCode ? divisionPrefix(divisionCode) : '')),
    countEntitiesByDivision: async (divisionCode?: string) => named(await entities.countBy('county', divisionCode ? divisionPrefix(divisionCode) : '')),

    /** Console lookup within the caller's region; audited whether found or not. */
    async lookupPerson(principal: Principal, idNumber: string) {
      const id = validId(idNumber);
      const person = await persons.getByIdNumber(id);
      const visible = person !== undefined && person.householdDivision.startsWith(regionPrefix(principal));
      await audit.append(db, {
        actor: actorOf(principal),
        action: 'registry.person.lookup',
        target: `registry_person:${cipher.blindIndex(id).toString('hex')}`,
        details: { idNumber: maskCitizenId(id), found: visible },
      });
      if (!visible) {
        throw PersonNotFound();
      }
      return maskedPerson(person);
    },
    async lookupEntity(principal: Principal, creditCode: string) {
      const code = validCreditCode(creditCode);
      const entity = await entities.getByCreditCode(code);
      const visible = entity !== undefined && entity.divisionCode.startsWith(regionPrefix(principal));
      await audit.append(db, { actor: actorOf(principal), action: 'registry.entity.lookup', target: `registry_entity:${code}`, details: { found: visible } });
      if (!visible) {
        throw EntityNotFound();
      }
      return maskedEntity(entity);
    },
    /** Counts in the caller's region: persons and entities by district, status and type. */
    async summary(principal: Principal) {
      const prefix = regionPrefix(principal);
      const [personCounties, personStatus, entityCounties, entityTypes, entityStatus] = await Promise.all([
        persons.countByCounty(prefix),
        persons.countByStatus(prefix),
        entities.countBy('county', prefix),
        entities.countBy('type', prefix),
        entities.countBy('status', prefix),
      ]);
      return {
        persons: { total: sum(personCounties), byDistrict: named(personCounties), byStatus: personStatus },
        entities: { total: sum(entityCounties), byDistrict: named(entityCounties), byType: entityTypes, byStatus: entityStatus },
      };
    },
    /** Persons page by page under SQL filters, in clear (rules over the whole register: 免申即享). */
    scanPersons: (filter: PersonScanFilter, page: { after?: string | null | undefined; limit: number }) => scan.persons(filter, page),
    /** Legal entities page by page under SQL filters. */
    scanEntities: (filter: EntityScanFilter, page: { after?: string | null | undefined; limit: number }) => scan.entities(filter, page),
    listImportRuns: (limit = 20) => createImportRunRepository(db).list(limit),

    /** Bulk import of a CSV file; see {@link importFile}. */
    importFile: (options: ImportOptions): Promise<ImportReport> => importFile({ db, cipher, dataDir: deps.dataDir }, options),

    /** Refuses a field key other than the one the stored data was written under. */
    async checkFieldKey(): Promise<void> {
      const result = await checkFieldKeyFingerprint(db, cipher.fingerprint);
      if (!result.ok) {
        throw FieldKeyMismatch({ configured: cipher.fingerprint, recorded: result.recorded });
      }
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LicensesService } from './licenses.service.js';
import type { TypeField } from './licenses.tables.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/licenses-ezhou.json');

interface DemoType {
  code: string;
  name: string;
  holderKind: 'person' | 'entity';
  validityYears: number | null;
  definingAgency: { name: string; code: string };
  issuer: { name: string; code: string; divisionCode: string };
  relatedItem: { code: string; name: string } | null;
  numberPrefix: string;
  description: string;
  fields: TypeField[];
}

interface DemoLicense {
  typeCode: string;
  holderCode: string;
  numberFromHolder?: boolean;
  validFrom: string;
  revoke?: string;
  data: Record<string, unknown>;
}

/** How the demo finds its holders' registered names: the registry's lookups. */
export interface HolderNames {
  personName(idNumber: string): Promise<string | undefined>;
  entityName(creditCode: string): Promise<string | undefined>;
}

const ACTOR = 'system:demo';

/**
 * The demo city's license types and a few licenses for holders of the demo register (one
 * revoked, one expired). Idempotent: types are upserted, and a holder who already has a
 * license of a type gets no second one. Holders missing from the register are skipped.
 */
export async function seedDemoLicenses(service: LicensesService, names: HolderNames): Promise<{ types: number; issued: number }> {
  const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as { types: DemoType[]; licenses: DemoLicense[] };
  for (const t of demo.types) {
    await service.upsertType({
      code: t.code,
      name: t.name,
      holder_kind: t.holderKind,
      validity_years: t.validityYears,
      defining_agency_name: t.definingAgency.name,
      defining_agency_code: t.definingAgency.code,
      issuer_name: t.issuer.name,
      issuer_code: t.issuer.code,
      issuer_division: t.issuer.divisionCode,
      related_item_code: t.relatedItem?.code ?? null,
      related_item_name: t.relatedItem?.name ?? null,
      number_prefix: t.numberPrefix,
      description: t.description,
      fields: t.fields,
    });
  }
  const kinds = new Map(demo.types.map((t) => [t.code, t.holderKind]));
  let issued = 0;
  for (const entry of demo.licenses) {
    if (await service.holderHasType(entry.holderCode, entry.typeCode)) {
      continue;
    }
    const person = kinds.get(entry.typeCode) === 'person';
    const name = person ? await names.personName(entry.holderCode) : await names.entityName(entry.holderCode);
    if (name === undefined) {
      continue;
    }
    const license = await service.issue(
      { typeCode: entry.typeCode, holder: { name, code: entry.holderCode }, data: entry.data, validFrom: entry.validFrom, issuedOn: entry.validFrom <= service.today() ? entry.validFrom : undefined, ...(entry.numberFromHolder ? { number: entry.holderCode } : {}) },
      ACTOR,
    );
    if (entry.revoke) {
      await service.revoke(license.id, entry.revoke, ACTOR);
    }
    issued++;
  }
  return { types: demo.types.length, issued };
}

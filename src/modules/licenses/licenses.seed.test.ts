import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isValidCreditCode } from '../../kernel/identifiers/index.js';
import { readDemoOrg } from '../org/index.js';
import { isLicenseTypeCode } from './license-identifier.js';

const demo = JSON.parse(fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/licenses-ezhou.json'), 'utf8')) as {
  types: Array<{ code: string; name: string; definingAgency: { name: string; code: string }; issuer: { name: string; code: string } }>;
  licenses: Array<{ typeCode: string }>;
};

describe('the demo license data', () => {
  it('names agencies by valid credit codes, the same as the demo organisations carry', () => {
    const org = readDemoOrg();
    const codeByName = new Map([...org.departments, ...org.districtDepartments].map((d) => [d.name, (d as { creditCode?: string }).creditCode]));
    for (const type of demo.types) {
      expect(isLicenseTypeCode(type.code), type.code).toBe(true);
      expect(type.code.slice(0, 18)).toBe(type.definingAgency.code);
      for (const agency of [type.definingAgency, type.issuer]) {
        expect(isValidCreditCode(agency.code), agency.code).toBe(true);
        const known = codeByName.get(agency.name);
        if (known !== undefined) {
          expect(agency.code, agency.name).toBe(known);
        }
      }
    }
  });

  it('issues only licenses of its own types', () => {
    const codes = new Set(demo.types.map((t) => t.code));
    expect(demo.licenses.every((l) => codes.has(l.typeCode))).toBe(true);
  });
});

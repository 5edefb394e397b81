/**
 * Shared set-up for the exchange's route tests, browser test and benchmark: persons with
 * known ID numbers imported through the registry, users by role, and API keys — all
 * through the modules' public functions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { citizenIdCheckChar } from '../src/kernel/identifiers/index.js';
import type { Platform } from '../src/platform.js';

export const DEMO_PASSWORD = 'Yiwang@2026';

/** A valid citizen ID: 6-digit county, birth date `YYYYMMDD`, sequence 0–999. */
export function citizenId(county: string, birth: string, seq: number): string {
  const first17 = `${county}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

export interface FixturePerson {
  idNumber: string;
  name: string;
  householdDivision: string;
  address: string;
  phone: string;
}

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳'];
const TOWNSHIPS = ['420704001', '420704002', '420703100', '420702100'];

/** `count` persons spread over three Ezhou districts (four townships). */
export function fixturePersons(count: number, offset = 0): FixturePerson[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + offset;
    const township = TOWNSHIPS[n % TOWNSHIPS.length]!;
    const day = String(1 + (Math.floor(n / 1000) % 28)).padStart(2, '0');
    return {
      idNumber: citizenId(township.slice(0, 6), `1985${String(1 + (Math.floor(n / 28000) % 12)).padStart(2, '0')}${day}`, n),
      name: SURNAMES[n % SURNAMES.length]! + GIVEN[n % GIVEN.length]! + (n % 3 === 0 ? GIVEN[(n + 5) % GIVEN.length]! : ''),
      householdDivision: township,
      address: `湖北省鄂州市鄂城区凤凰街道滨湖南路${(n % 300) + 1}号`,
      phone: `138${String(10_000_000 + n).slice(-8)}`,
    };
  });
}

/** Imports the persons through the registry's CSV import. */
export async function importPersons(platform: Platform, persons: readonly FixturePerson[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-exchange-'));
  const file = path.join(dir, `persons-${persons.length}-${Date.now()}.csv`);
  const lines = ['id_number,name,household_division,address,phone', ...persons.map((p) => [p.idNumber, p.name, p.householdDivision, p.address, p.phone].join(','))];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const report = await platform.registry.service.importFile({ kind: 'persons', file, source: 'exchange-fixture' });
  if (report.rejected > 0) {
    throw new Error(`fixture persons rejected: ${JSON.stringify(report.rejects?.slice(0, 3) ?? report)}`);
  }
}

/** A user of an organisation (by code) with roles; created once, returns its id. */
export async function ensureUser(platform: Platform, username: string, organisationCode: string, roles: string[]): Promise<string> {
  const organisation = await platform.org.service.getOrganisationByCode(organisationCode);
  if (!organisation) {
    throw new Error(`no organisation ${organisationCode}`);
  }
  const created = await platform.org.service.createUser(null, { username, displayName: username, password: DEMO_PASSWORD, organisationId: organisation.id, roles }, 'system:test');
  return created.id;
}

/** An API key of an organisation with scope `exchange.call`, issued by one of its users. */
export async function exchangeKey(platform: Platform, issuerId: string, organisationCode: string, scopes = ['exchange.call']): Promise<string> {
  const issuer = await platform.org.auth.userPrincipal(issuerId);
  const organisation = await platform.org.service.getOrganisationByCode(organisationCode);
  const { key } = await platform.org.auth.createApiKey(issuer!, { name: `exchange-${organisationCode}-${Date.now()}`, organisationId: organisation!.id, scopes, expiresAt: null });
  return key;
}

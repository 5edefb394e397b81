import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../kernel/db/index.js';
import { createDivisionRepository, type DivisionRow } from './division.repository.js';
import { BUILTIN_ROLES } from './org.permissions.js';
import type { OrgService } from './org.service.js';
import { createOrganisationRepository } from './organisation.repository.js';
import { createRoleRepository } from './role.repository.js';
import { createUserRepository } from './user.repository.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data');

interface DivisionRecord {
  code: string;
  name: string;
  level: DivisionRow['level'];
  parentCode: string | null;
  kind?: string;
}

/** Reference data every installation needs: Hubei's divisions and the built-in roles. */
export async function seedReferenceData(db: Db): Promise<{ divisions: number }> {
  const records = JSON.parse(fs.readFileSync(path.join(dataDir, 'divisions/hubei.json'), 'utf8')) as DivisionRecord[];
  const divisions = createDivisionRepository(db);
  let written = 0;
  if ((await divisions.count()) !== records.length) {
    written = await divisions.upsertMany(records.map((r) => ({ ...r, kind: r.kind ?? null })));
  }
  await createRoleRepository(db).syncBuiltin(BUILTIN_ROLES);
  return { divisions: written };
}

interface DemoOrganisation {
  code: string;
  name: string;
  shortName: string;
  parent?: string;
  divisionCode?: string;
  /** GB 32100 code; the demo's are synthetic (checksum-valid, not the departments' real codes). */
  creditCode?: string;
}

interface DemoOrg {
  city: { code: string; name: string };
  government: DemoOrganisation;
  departments: DemoOrganisation[];
  districtGovernments: DemoOrganisation[];
  districtDepartments: DemoOrganisation[];
  users: Array<{ username: string; displayName: string; organisation: string; roles: string[] }>;
  password: string;
}

export function readDemoOrg(): DemoOrg {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo/ezhou-org.json'), 'utf8')) as DemoOrg;
}

/**
 * Ezhou's government, departments and one user per role. Idempotent: organisations are
 * upserted by code, users created only when missing.
 */
export async function seedDemoOrg(db: Db, org: OrgService): Promise<{ organisations: number; usersCreated: string[] }> {
  const demo = readDemoOrg();
  const organisations = createOrganisationRepository(db);
  const ids = new Map<string, string>();
  const governmentId = await organisations.upsert({ ...demo.government, kind: 'government', divisionCode: demo.city.code });
  ids.set(demo.government.code, governmentId);
  const all: Array<[DemoOrganisation, 'government' | 'department']> = [
    ...demo.departments.map((d) => [d, 'department'] as [DemoOrganisation, 'department']),
    ...demo.districtGovernments.map((d) => [d, 'government'] as [DemoOrganisation, 'government']),
    ...demo.districtDepartments.map((d) => [d, 'department'] as [DemoOrganisation, 'department']),
  ];
  for (const [entry, kind] of all) {
    const parentId = entry.parent ? ids.get(entry.parent) : kind === 'department' ? governmentId : null;
    const id = await organisations.upsert({
      code: entry.code,
      name: entry.name,
      shortName: entry.shortName,
      kind,
      divisionCode: entry.divisionCode ?? demo.city.code,
      parentId: parentId ?? null,
      creditCode: entry.creditCode ?? null,
    });
    ids.set(entry.code, id);
  }
  const users = createUserRepository(db);
  const usersCreated: string[] = [];
  for (const user of demo.users) {
    if (await users.getByUsername(user.username)) {
      continue;
    }
    await org.createUser(null, {
      username: user.username,
      displayName: user.displayName,
      password: demo.password,
      organisationId: ids.get(user.organisation) ?? null,
      roles: user.roles,
    }, 'system:demo');
    usersCreated.push(user.username);
  }
  return { organisations: ids.size, usersCreated };
}

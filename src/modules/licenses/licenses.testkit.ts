import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditLog, type AuditLog } from '../../kernel/audit/index.js';
import { createBus } from '../../kernel/bus/index.js';
import { generateSm2KeyPair } from '../../kernel/crypto/index.js';
import { createFieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';
import { createTestDatabase } from '../../kernel/testing/test-database.js';
import { createLicensesModule, type LicensesModule } from './index.js';

/** A person and an entity of valid identifiers, for tests. */
export const HOLDERS = {
  person: { name: '罗梓涵', code: '420704202601105789' },
  entity: { name: '鄂州市创益食品有限公司', code: '91420700042070699W' },
} as const;

export const TYPES = {
  /** 出生医学证明-like: person holder, no validity limit. */
  birth: '11420700011002028L901',
  /** 食品经营许可证-like: entity holder, 5 years, two required fields. */
  food: '114207000110010179902',
} as const;

export interface LicensesFixture {
  db: Db;
  audit: AuditLog;
  licenses: LicensesModule;
  keysDir: string;
  /** Moves the module's clock. */
  setNow(date: Date): void;
  close(): Promise<void>;
}

/** A migrated database with the licenses module wired to a real audit log, bus and field cipher, and two test types. */
export async function licensesFixture(): Promise<LicensesFixture> {
  const database = await createTestDatabase();
  const audit = createAuditLog({ db: database.db, keys: generateSm2KeyPair() });
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-licenses-'));
  let now = new Date();
  const licenses = createLicensesModule({
    db: database.db,
    audit,
    bus: createBus({ db: database.db }),
    cipher: createFieldCipher(randomBytes(32)),
    keysDir,
    city: { name: '鄂州市', divisionCode: '420700' },
    now: () => now,
  });
  const common = { issuer_name: '鄂州市测试局', issuer_code: '114207000110010179', issuer_division: '420700', related_item_code: null, related_item_name: null, number_prefix: 'T', description: '' };
  await licenses.service.upsertType({ ...common, code: TYPES.birth, name: '测试出生证明', holder_kind: 'person', validity_years: null, defining_agency_name: '鄂州市卫健委', defining_agency_code: '11420700011002028L', fields: [{ name: 'sex', label: '性别', required: true }] });
  await licenses.service.upsertType({
    ...common,
    code: TYPES.food,
    name: '测试食品经营许可证',
    holder_kind: 'entity',
    validity_years: 5,
    defining_agency_name: '鄂州市市场监管局',
    defining_agency_code: '114207000110010179',
    related_item_code: 'T-001',
    related_item_name: '测试许可事项',
    fields: [{ name: 'premises', label: '经营场所', required: true }, { name: 'items', label: '经营项目', required: true }, { name: 'note', label: '备注', required: false }],
  });
  return {
    db: database.db,
    audit,
    licenses,
    keysDir,
    setNow: (date) => {
      now = date;
    },
    close: async () => {
      await database.close();
      fs.rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

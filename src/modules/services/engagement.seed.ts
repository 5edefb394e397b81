/** The demo bundles (一件事) and 免申即享 policies (data/demo/services-bundles-ezhou.json); idempotent. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../kernel/db/index.js';
import type { ApplicantKind, Rule } from './applications.model.js';
import type { ApplicationsOrg } from './applications.ports.js';
import { createBundleRepository } from './bundles.repository.js';
import type { BundleItem } from './bundles.tables.js';
import { createEntitlementRepository } from './entitlements.repository.js';
import type { PolicyPeriod } from './entitlements.tables.js';
import { implementationCode } from './services.codes.js';
import { demoFormSchema, type FormSpec } from './services.demo-forms.js';
import type { Item } from './services.model.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/services-bundles-ezhou.json');

interface DemoFile {
  bundles: Array<{
    code: string;
    name: string;
    summary: string;
    form: FormSpec;
    items: Array<{ organisationCode: string; basicCode: string; fields?: Record<string, string>; values?: Record<string, unknown>; waivedMaterials?: Array<{ name: string; reason: string }> }>;
  }>;
  policies: Array<{ code: string; name: string; organisationCode: string; summary: string; subjectKind: ApplicantKind; period: PolicyPeriod; benefit: string; rules: Rule[] }>;
}

export interface EngagementSeedDeps {
  db: Db;
  org: Pick<ApplicationsOrg, 'getOrganisationByCode'>;
  getItem(code: string): Promise<Item | undefined>;
}

export async function seedDemoEngagement(deps: EngagementSeedDeps): Promise<{ bundles: number; policies: number; written: number }> {
  const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoFile;
  const bundles = createBundleRepository(deps.db);
  const policies = createEntitlementRepository(deps.db);
  let written = 0;
  for (const bundle of demo.bundles) {
    const items: BundleItem[] = [];
    for (const entry of bundle.items) {
      const organisation = await deps.org.getOrganisationByCode(entry.organisationCode);
      const item = organisation?.creditCode ? await deps.getItem(implementationCode(entry.basicCode, { divisionCode: organisation.divisionCode, creditCode: organisation.creditCode })) : undefined;
      if (!item) {
        throw new Error(`services demo: bundle ${bundle.code} refers to no item ${entry.basicCode} of ${entry.organisationCode}`);
      }
      items.push({ itemId: item.id, itemCode: item.code, itemName: item.name, orgName: item.organisation.name, fields: entry.fields ?? {}, values: entry.values ?? {}, waivedMaterials: entry.waivedMaterials ?? [] });
    }
    if (await bundles.upsert({ code: bundle.code, name: bundle.name, summary: bundle.summary, applicantKind: bundle.form.applicant, formSchema: demoFormSchema(bundle.name, bundle.form), items })) {
      written++;
    }
  }
  for (const policy of demo.policies) {
    const organisation = await deps.org.getOrganisationByCode(policy.organisationCode);
    if (!organisation) {
      throw new Error(`services demo: policy ${policy.code} refers to no organisation ${policy.organisationCode}`);
    }
    const { organisationCode: _code, ...rest } = policy;
    if (await policies.upsertPolicy({ ...rest, organisation: { id: organisation.id, name: organisation.name, divisionCode: organisation.divisionCode } })) {
      written++;
    }
  }
  return { bundles: demo.bundles.length, policies: demo.policies.length, written };
}

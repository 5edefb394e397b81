import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../kernel/db/index.js';
import type { MaterialInput } from './services.content.js';
import { demoFormSchema, type FormSpec } from './services.demo-forms.js';
import { ensureItem, type ItemDefinition } from './services.registration.js';
import type { OrgDirectory } from './services.service.js';
import type { WriterDeps } from './services.writer.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/services-ezhou.json');

type DemoMaterial = Omit<MaterialInput, 'licenseTypeCode'> & { license?: string };
type DemoItem = Omit<ItemDefinition, 'materials' | 'formSchema'> & { materials: DemoMaterial[]; form: FormSpec };

interface DemoFile {
  /**
   * E-license types the demo's materials refer to by name, with their 证照类型代码: the
   * one place to align with the licenses module's types.
   */
  licenseTypes: Record<string, { code: string; definingAgency: string }>;
  items: DemoItem[];
}

/** The demo items as definitions: license names resolved to type codes, forms built. */
export function readDemoItems(): ItemDefinition[] {
  const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as DemoFile;
  return demo.items.map(({ form, materials, ...item }) => ({
    ...item,
    formSchema: demoFormSchema(item.name, form),
    materials: materials.map(({ license, ...material }) => {
      const type = license === undefined ? undefined : demo.licenseTypes[license];
      if (license !== undefined && type === undefined) {
        throw new Error(`services demo: item ${item.name} refers to unknown license type ${license}`);
      }
      return { ...material, licenseTypeCode: type?.code ?? null };
    }),
  }));
}

/**
 * Ezhou's service items (data/demo/services-ezhou.json), written by implementation code:
 * idempotent, a second run writes nothing. Needs the demo organisations.
 */
export async function seedDemoItems(deps: WriterDeps & { db: Db; org: OrgDirectory }): Promise<{ items: number; written: number }> {
  const definitions = readDemoItems();
  let written = 0;
  for (const definition of definitions) {
    const { outcome } = await ensureItem(deps, { note: '演示数据', ...definition }, { actor: 'system:demo' });
    if (outcome !== 'unchanged') {
      written += 1;
    }
  }
  return { items: definitions.length, written };
}

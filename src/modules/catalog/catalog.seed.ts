import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registration, ResourceDefinition } from './catalog.registration.js';

const demoFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/demo/catalog-ezhou.json');

export function readDemoCatalog(): ResourceDefinition[] {
  return (JSON.parse(fs.readFileSync(demoFile, 'utf8')) as { resources: ResourceDefinition[] }).resources;
}

/**
 * Ezhou's departments' resources (data/demo/catalog-ezhou.json), registered by code:
 * idempotent, a second run writes nothing. Needs the demo organisations.
 */
export async function seedDemoCatalog(registration: Registration): Promise<{ resources: number; written: number }> {
  const definitions = readDemoCatalog();
  let written = 0;
  for (const definition of definitions) {
    const { outcome } = await registration.ensureResource({ note: '演示数据', ...definition }, { actor: 'system:demo' });
    if (outcome !== 'unchanged') {
      written += 1;
    }
  }
  return { resources: definitions.length, written };
}

import path from 'node:path';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.js';
import type { Db } from '../../kernel/db/index.js';
import type { ModuleRoutes } from '../../kernel/http/index.js';
import type { CatalogModule } from '../catalog/index.js';
import { seedDemoRegistry, type DemoRegistryReport, type DemoScale } from './demo/demo.js';
import type { ImportProgress } from './import/importer.js';
import { REGISTRY_RESOURCES } from './registry.catalog.js';
import { registryRoutes } from './registry.routes.js';
import { createRegistryService, type AuditAppender, type RegistryService } from './registry.service.js';

export { RegistryPermissions } from './registry.permissions.js';
export { REGISTRY_RESOURCE_CODES } from './registry.catalog.js';
export { maskAddress, maskCitizenId, maskName, maskPhone } from './masks.js';
export { normalisePhone } from './identity.js';
export { IMPORT_COLUMNS } from './import/columns.js';
export { DEMO_SIZES, writeSyntheticPersons, type DemoScale, type DemoRegistryReport } from './demo/demo.js';
export type { RegistryService, AuditAppender, DivisionCount } from './registry.service.js';
export type { Person } from './person.repository.js';
export type { EntityScanFilter, PersonScanFilter } from './registry.scan.js';
export type { LegalEntity } from './entity.repository.js';
export type { ImportOptions, ImportProgress, ImportReport } from './import/importer.js';
export type { Reject } from './import/rejects.js';
export type { RowProblem } from './import/rows.js';
export type { EntityStatus, ImportKind, PersonStatus, Sex } from './registry.tables.js';

export interface RegistryModule extends ModuleRoutes {
  readonly service: RegistryService;
  /** Refuses to start with a field key other than the one the stored data was written under. */
  checkFieldKey(): Promise<void>;
  /**
   * The demo city's synthetic register (generated CSV files in DATA_DIR/demo, imported like
   * `yiwang import`), and the two registries as catalog resources. Idempotent.
   */
  seedDemo(options?: {
    scale?: DemoScale;
    onProgress?: (kind: 'persons' | 'entities', progress: ImportProgress) => void;
  }): Promise<DemoRegistryReport & { catalogResources: number }>;
}

/**
 * Base registries (基础库): persons (人口) and legal entities (法人), ID numbers and phones
 * SM4-encrypted with blind indexes; lookups, counts and resumable bulk import.
 * Wire by hand: `createRegistryModule({ db, audit, cipher, dataDir, catalog })`.
 */
export function createRegistryModule(deps: {
  db: Db;
  audit: AuditAppender;
  cipher: FieldCipher;
  dataDir: string;
  catalog?: Pick<CatalogModule, 'ensureResource'>;
}): RegistryModule {
  const service = createRegistryService(deps);
  return {
    name: 'registry',
    service,
    routes: registryRoutes(service),
    checkFieldKey: service.checkFieldKey,
    async seedDemo(options = {}) {
      const report = await seedDemoRegistry({ dir: path.join(deps.dataDir, 'demo'), importFile: service.importFile }, { scale: options.scale ?? 'sample', ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      let catalogResources = 0;
      for (const definition of deps.catalog ? REGISTRY_RESOURCES : []) {
        await deps.catalog!.ensureResource(definition, { actor: 'system:registry' });
        catalogResources++;
      }
      return { ...report, catalogResources };
    },
  };
}

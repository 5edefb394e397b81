import type { Generated } from 'kysely';
import type { Attribute, Grade, ResourceField, Status, UpdateCycle } from './catalog.model.js';
import type { ResourceChange } from './catalog.events.js';

export interface CatalogTables {
  catalog_resource: {
    id: Generated<string>;
    code: string;
    name: string;
    owner_id: string;
    owner_code: string;
    owner_name: string;
    owner_division_code: string;
    description: string;
    category: string;
    /** jsonb: written as a JSON string, read back as an array. */
    fields: ResourceField[] | string;
    update_cycle: UpdateCycle;
    share_attribute: Attribute;
    share_condition: string | null;
    open_attribute: Attribute;
    open_condition: string | null;
    grade: Grade;
    tags: string[];
    status: Generated<Status>;
    version: Generated<number>;
    search_vector: string;
    created_by: string | null;
    updated_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    published_at: Date | null;
  };
  catalog_resource_version: {
    resource_id: string;
    version: number;
    action: ResourceChange;
    snapshot: unknown;
    actor: string | null;
    note: string | null;
    at: Generated<Date>;
  };
  catalog_code_sequence: { prefix: string; last: number };
}

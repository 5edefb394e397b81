import type { Generated } from 'kysely';
import type { ItemChange } from './services.events.js';
import type { Channel, Fee, ItemType, Level, Material, OnlineDepth, Status, Subject } from './services.model.js';

/** jsonb columns are written as JSON text and read back as values. */
type Json<T> = T | string;

export interface ServicesTables {
  services_item: {
    id: Generated<string>;
    code: string;
    basic_code: string;
    name: string;
    aliases: string[];
    type: ItemType;
    org_id: string;
    org_code: string;
    org_name: string;
    org_division_code: string;
    org_credit_code: string;
    level: Level;
    subjects: Subject[];
    basis: string;
    conditions: string;
    process: string[];
    legal_limit_days: number | null;
    promised_limit_days: number;
    materials: Json<Material[]>;
    fees: Json<Fee[]>;
    channels: Channel[];
    online_depth: OnlineDepth;
    cross_region: string[];
    form_schema: Json<Record<string, unknown>>;
    high_frequency: boolean;
    high_frequency_rank: number | null;
    status: Generated<Status>;
    version: Generated<number>;
    search_vector: string;
    created_by: string | null;
    updated_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    published_at: Date | null;
  };
  services_item_version: {
    item_id: string;
    version: number;
    action: ItemChange;
    snapshot: unknown;
    actor: string | null;
    note: string | null;
    at: Generated<Date>;
  };
}

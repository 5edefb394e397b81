import type { ColumnType, Generated } from 'kysely';
import type { ApplicantKind } from './applications.model.js';

type Json<T> = ColumnType<T, string, string>;
type Day = ColumnType<string | null, string | null, string | null>;

/** One item of a bundle: which item, and how the combined form fills the item's form. */
export interface BundleItem {
  itemId: string;
  itemCode: string;
  itemName: string;
  orgName: string;
  /** Item form field → bundle form field, for fields named differently (same names are copied anyway). */
  fields: Record<string, string>;
  /** Item form field → a fixed value (e.g. 人员类别 新生儿). */
  values: Record<string, unknown>;
  /** Materials this item need not get within the bundle (what another of its departments provides or verifies). */
  waivedMaterials?: Array<{ name: string; reason: string }>;
}

export type BundleApplicationStatus = 'processing' | 'completed' | 'rejected';

export interface BundleTables {
  services_bundle: {
    id: Generated<string>;
    code: string;
    name: string;
    summary: string;
    applicant_kind: ApplicantKind;
    form_schema: Json<Record<string, unknown>>;
    items: Json<BundleItem[]>;
    status: Generated<'published' | 'withdrawn'>;
    updated_at: Generated<Date>;
  };
  services_bundle_application: {
    id: Generated<string>;
    number: string;
    bundle_id: string;
    bundle_code: string;
    bundle_name: string;
    applicant_id: string;
    form: Json<Record<string, unknown>>;
    status: Generated<BundleApplicationStatus>;
    children_total: number;
    children_finished: Generated<number>;
    finished_on: Day;
    version: Generated<number>;
    submitted_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}

import type { Generated } from 'kysely';
import type { Access, Format, Frequency, OpenField, Row } from './opendata.model.js';

/** jsonb columns are written as JSON text and read back as values. */
type Json<T> = T | string;

export type DatasetStatus = 'published' | 'unpublished';
export type UpdateKind = 'publish' | 'data' | 'metadata' | 'unpublish' | 'republish';
export type ApplicationStatus = 'pending' | 'approved' | 'rejected';

export interface OpendataTables {
  opendata_dataset: {
    id: Generated<string>;
    name: string;
    resource_id: string;
    resource_version: number;
    title: string;
    description: string;
    tags: string[];
    theme: string;
    licence: string;
    frequency: Frequency;
    spatial_code: string;
    spatial_name: string;
    temporal_start: string | null;
    temporal_end: string | null;
    contact_name: string;
    contact_email: string | null;
    contact_phone: string | null;
    owner_id: string;
    owner_code: string;
    owner_name: string;
    owner_division_code: string;
    access: Access;
    access_condition: string | null;
    fields: Json<OpenField[]>;
    formats: Format[];
    status: DatasetStatus;
    row_count: number;
    downloads: Generated<number>;
    api_calls: Generated<number>;
    version: Generated<number>;
    change_seq: Generated<number>;
    search_vector: string;
    created_at: Date;
    modified_at: Date;
    data_updated_at: Date;
    due_at: Date;
  };
  opendata_row: {
    dataset_id: string;
    position: number;
    data: Json<Row>;
  };
  opendata_distribution: {
    id: Generated<string>;
    dataset_id: string;
    format: Format;
    position: number;
    created_at: Date;
    modified_at: Date;
  };
  opendata_update: {
    id: Generated<number>;
    dataset_id: string;
    kind: UpdateKind;
    at: Date;
    actor: string;
    note: string | null;
    row_count: number | null;
    changed: string[];
  };
  opendata_usage_daily: {
    dataset_id: string;
    day: string;
    downloads: Generated<number>;
    api_calls: Generated<number>;
  };
  opendata_application: {
    id: Generated<string>;
    dataset_id: string;
    applicant_name: string;
    applicant_organisation: string;
    contact: string;
    purpose: string;
    claim_hash: string;
    status: Generated<ApplicationStatus>;
    created_at: Date;
    decided_by: string | null;
    decided_at: Date | null;
    decision_note: string | null;
    api_key_id: string | null;
    claimed_at: Date | null;
  };
}

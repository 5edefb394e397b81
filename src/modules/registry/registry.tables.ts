import type { Generated } from 'kysely';

export type PersonStatus = '正常' | '迁出' | '死亡';
export type EntityStatus = '存续' | '在业' | '吊销' | '注销';
export type Sex = 'male' | 'female';
export type ImportKind = 'persons' | 'entities';

export interface RegistryTables {
  registry_person: {
    id_number_bidx: Buffer;
    id_number_enc: Buffer;
    name: string;
    sex: Sex;
    birth_date: string;
    ethnicity: string | null;
    household_division: string;
    address: string | null;
    phone_enc: Buffer | null;
    phone_bidx: Buffer | null;
    status: Generated<PersonStatus>;
    source: string;
    updated_at: Generated<Date>;
  };
  registry_entity: {
    credit_code: string;
    name: string;
    type: string;
    legal_rep_name: string | null;
    legal_rep_id_enc: Buffer | null;
    legal_rep_id_bidx: Buffer | null;
    registered_capital: string | number | null;
    established_on: string | null;
    division_code: string;
    address: string | null;
    status: Generated<EntityStatus>;
    source: string;
    updated_at: Generated<Date>;
  };
  registry_import_run: {
    id: Generated<string>;
    kind: ImportKind;
    file_sha256: string;
    file_name: string;
    source: string;
    lines_committed: Generated<number>;
    rows_committed: Generated<number>;
    status: Generated<'running' | 'completed'>;
    started_at: Generated<Date>;
    updated_at: Generated<Date>;
    completed_at: Date | null;
  };
  registry_field_key: { fingerprint: string; created_at: Generated<Date> };
}

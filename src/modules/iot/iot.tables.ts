import type { ColumnType, Generated } from 'kysely';

export type DeviceStatus = 'active' | 'maintenance' | 'retired';
export type DeviceCategory = 'water' | 'drainage' | 'cover' | 'fire' | 'air' | 'light' | 'parking' | 'other';
export type RuleKind = 'threshold' | 'rate' | 'silence';
export type Operator = '>' | '>=' | '<' | '<=';
export type Severity = 'minor' | 'major' | 'critical';
export type AlarmStatus = 'active' | 'cleared';
export type ClearReason = 'condition-cleared' | 'reporting-again' | 'rule-changed' | 'rule-deleted' | 'device-retired';
export type IngestSource = 'mqtt' | 'http';

/** One telemetry field of a device type. */
export interface TelemetryField {
  key: string;
  label: string;
  unit: string;
  type: 'number' | 'integer' | 'boolean';
  min?: number;
  max?: number;
}

/** Field values of one message; booleans for boolean fields. */
export type Values = Record<string, number | boolean>;

/** A reading as kept in alarms and rule states. */
export interface Reading {
  ts: string;
  values: Values;
}

type Json<T> = ColumnType<T, string, string>;
/** A jsonb column with a default: optional on insert. */
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
// Dates travel as `YYYY-MM-DD` strings both ways (read through to_char).
type Day = ColumnType<string, string, string>;

export interface IotTables {
  iot_device_type: {
    code: string;
    name: string;
    category: DeviceCategory;
    description: Generated<string>;
    fields: Json<TelemetryField[]>;
    retention_days: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  iot_device: {
    id: Generated<number>;
    code: string;
    type_code: string;
    name: string;
    vendor: Generated<string>;
    model: Generated<string>;
    owner_id: string;
    owner_code: string;
    owner_name: string;
    division_code: string;
    lon: number | null;
    lat: number | null;
    address: Generated<string>;
    grid_code: string | null;
    installed_on: Day | null;
    status: Generated<DeviceStatus>;
    credential_prefix: string | null;
    credential_hash: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  iot_device_state: {
    device_id: number;
    last_ts: Date | null;
    data: JsonDefault<Values>;
    last_seen_at: Date | null;
    silent_since: Date | null;
  };
  iot_telemetry: {
    device_id: number;
    ts: Date;
    data: Json<Values>;
    received_at: Generated<Date>;
  };
  iot_reject: {
    id: Generated<string>;
    received_at: Generated<Date>;
    source: IngestSource;
    topic: string | null;
    device_code: string | null;
    device_id: number | null;
    reason: string;
    detail: Generated<string>;
    payload: Generated<string>;
  };
  iot_rule: {
    id: Generated<string>;
    name: string;
    kind: RuleKind;
    type_code: string | null;
    device_id: number | null;
    field: string | null;
    operator: Operator | null;
    threshold: number | null;
    clear_threshold: number | null;
    rate_per_minute: number | null;
    silence_minutes: number | null;
    raise_after: Generated<number>;
    clear_after: Generated<number>;
    severity: Generated<Severity>;
    enabled: Generated<boolean>;
    description: Generated<string>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  iot_rule_state: {
    rule_id: string;
    device_id: number;
    breach_count: Generated<number>;
    clear_count: Generated<number>;
    alarm_id: string | null;
    recent: JsonDefault<Reading[]>;
    updated_at: Generated<Date>;
  };
  iot_alarm: {
    id: Generated<string>;
    rule_id: string;
    rule_name: string;
    kind: RuleKind;
    severity: Severity;
    device_id: number;
    device_code: string;
    device_name: string;
    type_code: string;
    owner_id: string;
    division_code: string;
    grid_code: string | null;
    lon: number | null;
    lat: number | null;
    message: string;
    status: Generated<AlarmStatus>;
    raised_at: Generated<Date>;
    readings: JsonDefault<Reading[]>;
    cleared_at: Date | null;
    clear_reason: ClearReason | null;
    clear_readings: JsonDefault<Reading[]>;
  };
}

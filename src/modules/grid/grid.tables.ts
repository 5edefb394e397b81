import type { ColumnType, Generated } from 'kysely';
import type { AreaGeometry } from './geo/geometry.js';
import type { AreaLevel } from './geo/tessellation.js';

/** jsonb: written as JSON text, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface GridTables {
  grid_area: {
    code: string;
    level: AreaLevel;
    name: string;
    parent_code: string | null;
    geometry: Json<AreaGeometry>;
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
    center_lon: number;
    center_lat: number;
    area_km2: number;
    source: 'boundary' | 'generated';
    created_at: Generated<Date>;
  };
  grid_worker: {
    id: Generated<number>;
    grid_code: string;
    name: string;
    user_id: string | null;
    username: string | null;
    phone: string | null;
    sort: number;
    assigned_by: string;
    assigned_at: Generated<Date>;
  };
}

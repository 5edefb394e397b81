-- The grid hierarchy (网格化管理): 市 – 区 – 街道 – 社区 – 网格, one row per area with its
-- polygon. Geometry is GeoJSON (Polygon / MultiPolygon, WGS-84) in jsonb with its bounding
-- box beside it: point-in-polygon runs in the application over an in-memory spatial index,
-- so neither PostGIS nor any extension is needed (PGlite and plain PostgreSQL alike).
create table grid_area (
  code text primary key,
  level text not null check (level in ('city', 'district', 'street', 'community', 'grid')),
  name text not null,
  parent_code text references grid_area (code),
  geometry jsonb not null,
  min_lon double precision not null,
  min_lat double precision not null,
  max_lon double precision not null,
  max_lat double precision not null,
  -- A label point inside the largest part.
  center_lon double precision not null,
  center_lat double precision not null,
  area_km2 double precision not null,
  -- 'boundary': an official or published outline; 'generated': the demo tessellation.
  source text not null check (source in ('boundary', 'generated')),
  created_at timestamptz not null default now(),
  check (min_lon <= max_lon and min_lat <= max_lat)
);

create index grid_area_parent on grid_area (parent_code, code);
create index grid_area_level on grid_area (level, code);

-- Who looks after a grid (网格员 and others): a platform user, or a person without an account.
create table grid_worker (
  id bigint generated always as identity primary key,
  grid_code text not null references grid_area (code),
  name text not null,
  user_id uuid,
  username text,
  phone text,
  sort integer not null default 0,
  assigned_by text not null,
  assigned_at timestamptz not null default now()
);

create index grid_worker_grid on grid_worker (grid_code, sort);
create index grid_worker_user on grid_worker (user_id) where user_id is not null;

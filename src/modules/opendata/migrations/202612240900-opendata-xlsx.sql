-- Datasets gain an XLSX distribution (an Excel workbook generated from the same rows as the CSV).
alter table opendata_distribution drop constraint opendata_distribution_format_check;
alter table opendata_distribution add constraint opendata_distribution_format_check check (format in ('CSV', 'JSON', 'XLSX', 'API'));

-- Datasets published with a CSV file offer the workbook too; positions follow the canonical order.
update opendata_dataset
set formats = array(select f from unnest(array['CSV', 'JSON', 'XLSX', 'API']) with ordinality as o(f, n)
                    where f = any(formats) or f = 'XLSX' order by n)
where 'CSV' = any(formats) and not ('XLSX' = any(formats));

insert into opendata_distribution (dataset_id, format, position, created_at, modified_at)
select d.id, 'XLSX', array_position(d.formats, 'XLSX') - 1, d.data_updated_at, d.data_updated_at
from opendata_dataset d
where 'XLSX' = any(d.formats)
  and not exists (select 1 from opendata_distribution x where x.dataset_id = d.id and x.format = 'XLSX');

update opendata_distribution x
set position = array_position(d.formats, x.format) - 1
from opendata_dataset d
where d.id = x.dataset_id;

-- Duplicate detection at intake looks, for every new case, for open cases of its category
-- within a few hundred metres: by category, then a range of longitude. Without this index
-- the look-up reads every case of the last week.
create index cases_case_nearby on cases_case (category_code, lon) where status <> 'closed';

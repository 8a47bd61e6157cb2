-- Tags (set per ingest job) and the source's last-modified time: both filterable in searches.
alter table document
    add column tags        text[] not null default '{}',
    add column modified_at timestamptz;

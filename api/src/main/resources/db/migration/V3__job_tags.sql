-- A job remembers the tags it gives its documents, so that a job interrupted by a crash can be resumed.
alter table ingest_job add column tags text[] not null default '{}';

-- Structure-aware chunks carry the path of headings above them (embedded and searched with them).
alter table chunk add column heading_path text not null default '';

-- Jobs can be cancelled; their items that never ran end 'cancelled'. Jobs remember how they chose
-- their files (to resume and to finish a folder sync after a restart) and whether they came from
-- uploads, whose files are kept in the data directory until the job ends.
alter table ingest_item drop constraint ingest_item_status_check;
alter table ingest_item add constraint ingest_item_status_check
    check (status in ('pending', 'running', 'done', 'skipped', 'failed', 'cancelled'));
alter table ingest_item add column path text;      -- the file to read, when it is not the source (uploads)
alter table ingest_item add column bytes bigint;   -- the file's size, for progress
alter table ingest_job
    add column kind    text not null default 'folder' check (kind in ('folder', 'upload')),
    add column include text[] not null default '{}',
    add column exclude text[] not null default '{}',
    add column started_at timestamptz,
    add column deleted    int not null default 0;   -- documents a folder sync removed (files gone)

-- Where each page of a paged document (PDF, slides) begins in its text: citations can name pages.
alter table document add column page_starts int[] not null default '{}';

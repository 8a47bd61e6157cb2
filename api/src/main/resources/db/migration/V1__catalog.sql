-- The catalog: the system of record. The Lucene index is derived from it through index_outbox.

create table collection (
    id              bigserial primary key,
    name            text not null unique check (length(name) between 1 and 200),
    embedding_model text not null,
    created_at      timestamptz not null default now()
);

create table document (
    id            bigserial primary key,
    collection_id bigint not null references collection (id) on delete cascade,
    source        text not null,                 -- absolute path (or upload name) the text came from
    content_hash  text not null,                 -- SHA-256 of the original bytes, hex
    media_type    text not null,
    title         text not null,
    metadata      jsonb not null default '{}'::jsonb,
    text          text not null,                 -- full extracted text: the coordinate system of all spans
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (collection_id, source)
);

create table chunk (
    id           bigserial primary key,
    document_id  bigint not null references document (id) on delete cascade,
    ordinal      int not null,
    start_offset int not null,                   -- [start_offset, end_offset) in document.text, in UTF-16 units
    end_offset   int not null,
    token_count  int not null,
    text         text not null,
    embedding    real[] not null,
    unique (document_id, ordinal),
    check (start_offset >= 0 and end_offset > start_offset)
);
create index chunk_document on chunk (document_id);

create table ingest_job (
    id            bigserial primary key,
    collection_id bigint not null references collection (id) on delete cascade,
    origin        text not null,                 -- folder path, or 'upload'
    status        text not null check (status in ('running', 'finished', 'cancelled')),
    created_at    timestamptz not null default now(),
    finished_at   timestamptz
);

create table ingest_item (
    id          bigserial primary key,
    job_id      bigint not null references ingest_job (id) on delete cascade,
    source      text not null,
    status      text not null check (status in ('pending', 'running', 'done', 'skipped', 'failed')),
    message     text,                            -- why it was skipped or failed
    document_id bigint references document (id) on delete set null,
    chunks      int not null default 0,
    updated_at  timestamptz not null default now()
);
create index ingest_item_pending on ingest_item (job_id, id) where status = 'pending';

-- Appended in the same transaction as every chunk change; applied in id order by the one indexer.
create table index_outbox (
    id         bigserial primary key,
    operation  text not null check (operation in ('upsert', 'delete')),
    chunk_id   bigint not null,
    created_at timestamptz not null default now()
);

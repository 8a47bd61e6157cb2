-- Multi-turn conversations: each turn keeps the question as asked, the standalone question it was
-- rewritten into for retrieval, and the verified answer as the API returned it (sentences,
-- verdicts, citations), so a conversation can be shown again exactly as it was answered.
create table conversation (
    id         bigserial primary key,
    owner      text not null,                         -- who created it: 'key:ID' or 'user:ID'
    title      text not null check (length(title) between 1 and 200),
    collection text,                                  -- answer from this collection; null: all
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table conversation_turn (
    id                  bigserial primary key,
    conversation_id     bigint not null references conversation (id) on delete cascade,
    ordinal             int not null,
    question            text not null,
    standalone_question text not null,
    rewritten_by        text not null check (rewritten_by in ('unchanged', 'model', 'terms')),
    answer              jsonb not null,
    created_at          timestamptz not null default now(),
    unique (conversation_id, ordinal)
);

create index conversation_owner_updated on conversation (owner, updated_at desc);

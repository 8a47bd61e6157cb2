-- Who may call the API: API keys and local user accounts, each with a role and the collections it
-- is granted. No secret is stored: a key is kept as the SHA-256 of its text, a password as an
-- Argon2id hash (PHC string, salt and parameters included).

create table api_key (
    id           bigserial primary key,
    prefix       text not null unique,            -- 'gw_<8-char id>': the part of the key shown in listings
    name         text not null check (length(name) between 1 and 200),
    role         text not null check (role in ('admin', 'writer', 'reader')),
    collections  text[] not null,                 -- granted collection names; '{*}' for all of them
    key_hash     bytea not null unique check (length(key_hash) = 32),
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz                      -- a revoked key stays listed, and never works again
);

create table app_user (
    id             bigserial primary key,
    username       text not null check (length(username) between 1 and 100),
    password_hash  text not null,
    role           text not null check (role in ('admin', 'writer', 'reader')),
    collections    text[] not null,
    created_at     timestamptz not null default now(),
    last_signed_in timestamptz
);
-- 'Alice' and 'alice' are one user.
create unique index app_user_username on app_user (lower(username));

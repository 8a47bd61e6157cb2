-- A collection's settings beyond its embedding model (fixed once it holds vectors): what it holds,
-- in the owner's words, shown in collection pickers and to OpenAI clients listing models.
alter table collection add column description text not null default ''
    check (length(description) <= 2000);

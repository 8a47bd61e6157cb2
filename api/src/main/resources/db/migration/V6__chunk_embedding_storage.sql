-- The embedding column is read whole and never searched or filtered in PostgreSQL (the index does
-- that), so:
-- * no planner statistics: ANALYZE of a float-array column collects element statistics over every
--   value of its sample, 15-20 CPU-seconds per run on 40,000 chunks of 384 floats (0.4 s without),
--   and autovacuum analyzes the growing chunk table again and again during a bulk ingestion;
-- * no compression attempts: floats do not compress, so a wide row's embedding goes out of line as is.
alter table chunk alter column embedding set statistics 0;
alter table chunk alter column embedding set storage external;

/**
 * The catalog's database: an external PostgreSQL when {@code GROUNDWORK_DB_URL} is set, else a
 * real embedded PostgreSQL whose data directory persists under the data folder. Flyway owns the
 * schema ({@code db/migration}).
 */
package dev.groundwork.api.database;

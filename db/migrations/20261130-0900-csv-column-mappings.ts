import type { Migration } from './types'

// Column mappings of foreign CSV files (another software's export, a home
// made spreadsheet), saved when staff confirm one, and proposed again the
// next time a file with the same set of headers is imported. header_key:
// the headers reduced to their words, sorted (order and spelling aside).
export const csvColumnMappings: Migration = {
  name: '20261130-0900-csv-column-mappings',
  up(db) {
    db.exec(`
      CREATE TABLE csv_column_mappings (
        id INTEGER PRIMARY KEY,
        header_key TEXT NOT NULL UNIQUE,
        headers TEXT NOT NULL CHECK (json_valid(headers)),
        targets TEXT NOT NULL CHECK (json_valid(targets)),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES staff(id)
      ) STRICT;
    `)
  },
}

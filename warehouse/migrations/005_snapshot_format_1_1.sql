-- Snapshot format 1.1 (snapshot-format.md): optional columns of boliger and husstander. Rows
-- loaded before this migration came from version-1 files and have none of them (null).
ALTER TABLE raw.boliger ADD COLUMN utleier_id VARCHAR;
ALTER TABLE raw.boliger ADD COLUMN leieavtale_fra DATE;
ALTER TABLE raw.boliger ADD COLUMN leieavtale_til DATE;
ALTER TABLE raw.boliger ADD COLUMN prosjekt_id VARCHAR;
ALTER TABLE raw.husstander ADD COLUMN leie_til_eie_fra DATE;

-- Which of its table's columns each snapshot file carried (canonical names), one row per
-- column: a blank cell of an optional column is a value (an owned dwelling has no landlord, an
-- open-ended lease no end date), a column the file lacks is not, and only the header tells them
-- apart. Loads made before this migration have no rows here: they carried no 1.1 column.
CREATE TABLE raw.load_columns (
    load_id INTEGER NOT NULL,
    kolonne VARCHAR NOT NULL
);

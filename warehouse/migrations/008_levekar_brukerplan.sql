-- Reference data of issue 14 (shared/reference-data.md): the living-conditions survey, long (one
-- row per area, year and indicator with a value; indicator names are values, never
-- identifiers), its indicator descriptions, and BrukerPlan's housing situations. raw.loads'
-- table_name gains levekar | levekar_indikatorer | brukerplan; the audit log's action gains
-- levekår | levekårsindikatorer | BrukerPlan.
CREATE TABLE raw.levekar (
    load_id   INTEGER NOT NULL,
    omrade    VARCHAR NOT NULL,
    aar       INTEGER NOT NULL,
    indikator VARCHAR NOT NULL,
    verdi     DOUBLE NOT NULL
);

CREATE TABLE raw.levekar_indikatorer (
    load_id       INTEGER NOT NULL,
    indikator     VARCHAR NOT NULL,
    navn          VARCHAR,
    hoy_er_darlig BOOLEAN          -- NULL: the file does not say; the admin chooses in the app
);

CREATE TABLE raw.brukerplan (
    load_id   INTEGER NOT NULL,
    aar       INTEGER NOT NULL,
    boforhold VARCHAR NOT NULL,
    antall    INTEGER NOT NULL
);

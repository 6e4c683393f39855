-- Layers: raw (every load ever made, append-only), staging (views), marts (views the product reads).
CREATE SCHEMA raw;
CREATE SCHEMA staging;
CREATE SCHEMA marts;

CREATE SEQUENCE raw.load_id_seq START 1;
CREATE SEQUENCE raw.event_id_seq START 1;

-- One row per load of one table from one file. Never updated, never deleted.
CREATE TABLE raw.loads (
    load_id    INTEGER PRIMARY KEY,
    month      VARCHAR,            -- 'YYYY-MM' for snapshot tables, NULL for reference data
    table_name VARCHAR NOT NULL,   -- boliger | husstander | omrader | omradestatistikk | mal
    file_name  VARCHAR NOT NULL,
    sha256     VARCHAR NOT NULL,
    row_count  INTEGER NOT NULL,
    loaded_at  TIMESTAMP NOT NULL,
    loaded_by  VARCHAR NOT NULL
);

-- Which load is active is derived from this log: the newest activation per month and table wins.
-- Its newest event id is also the warehouse's data version (caches key on it).
CREATE TABLE raw.load_events (
    event_id    INTEGER PRIMARY KEY,
    happened_at TIMESTAMP NOT NULL,
    action      VARCHAR NOT NULL,  -- load | replace | restore
    load_id     INTEGER NOT NULL REFERENCES raw.loads (load_id),
    actor       VARCHAR NOT NULL
);

CREATE TABLE raw.boliger (
    load_id         INTEGER NOT NULL,
    bolig_id        VARCHAR NOT NULL,
    adresse         VARCHAR,
    postnummer      VARCHAR,
    grunnkrets      VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    bygning_id      VARCHAR,
    bygning_enheter INTEGER,
    eierform        VARCHAR NOT NULL,
    boligtype       VARCHAR NOT NULL,
    rom             INTEGER NOT NULL,
    areal_m2        DOUBLE,
    rullestol       BOOLEAN NOT NULL,
    status          VARCHAR NOT NULL
);

CREATE TABLE raw.husstander (
    load_id              INTEGER NOT NULL,
    husstand_id          VARCHAR NOT NULL,
    situasjon            VARCHAR NOT NULL,
    bolig_id             VARCHAR,
    personer             INTEGER NOT NULL,
    barn                 INTEGER NOT NULL,
    i_situasjon_fra      DATE NOT NULL,
    soknadsdato          DATE,
    flyktning            BOOLEAN NOT NULL,
    under_25             BOOLEAN NOT NULL,
    rus_psykisk          BOOLEAN NOT NULL,
    funksjonsnedsettelse BOOLEAN NOT NULL,
    housing_first        BOOLEAN NOT NULL,
    startlan_dato        DATE
);

CREATE TABLE raw.omrader (
    load_id       INTEGER NOT NULL,
    grunnkrets    VARCHAR NOT NULL,
    navn          VARCHAR NOT NULL,
    delomrade     VARCHAR,
    delomradenavn VARCHAR,
    geometry_wkb  BLOB NOT NULL,
    crs           VARCHAR NOT NULL
);

CREATE TABLE raw.omradestatistikk (
    load_id        INTEGER NOT NULL,
    grunnkrets     VARCHAR NOT NULL,
    aar            INTEGER NOT NULL,
    innbyggere     INTEGER NOT NULL,
    boliger_totalt INTEGER NOT NULL
);

CREATE TABLE raw.mal (
    load_id   INTEGER NOT NULL,
    indikator VARCHAR NOT NULL,
    aar       INTEGER NOT NULL,
    verdi     DOUBLE NOT NULL
);

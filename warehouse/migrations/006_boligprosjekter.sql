-- The register of housing projects (reference-data.md, `boligprosjekter`): a reference table
-- like the areas, every load kept, the newest activation in force. `gjelder_per` is the date the
-- register describes (the same on every row of a load): pipeline indicators count from its month.
CREATE TABLE raw.boligprosjekter (
    load_id          INTEGER NOT NULL,
    gjelder_per      DATE NOT NULL,
    prosjekt_id      VARCHAR NOT NULL,
    navn             VARCHAR NOT NULL,
    grunnkrets       VARCHAR,
    lat              DOUBLE,
    lon              DOUBLE,
    boliger          INTEGER NOT NULL,
    boligtype        VARCHAR NOT NULL,
    eierform         VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    forventet_ferdig VARCHAR,
    ferdig_dato      DATE,
    gjennomforing    VARCHAR,
    salg_til_beboere INTEGER
);

-- Derived, not raw: each month's household pathway values (indicators.pathways) for the
-- municipality (gruppe null) and each target group. They follow households over H(m−13) … H(m),
-- so a row is keyed by those 14 husstander loads (`husstander_loads`, oldest first, as
-- indicators.pathways.source_keys writes them) and `fingerprint` names the code that computed
-- it. A cache like derived.month_values: never backed up, safe to empty.
CREATE TABLE derived.pathway_values (
    fingerprint         VARCHAR NOT NULL,
    maaned              DATE NOT NULL,
    husstander_loads    VARCHAR NOT NULL,
    indikator           VARCHAR NOT NULL,
    gruppe              VARCHAR,
    teller              BIGINT,
    nevner              BIGINT,
    verdi               DOUBLE
);

-- The months kept (by the same key), whether or not they have values: a month whose snapshots
-- give no pathway value at all is kept too, not computed again on every reading.
CREATE TABLE derived.pathway_months (
    fingerprint         VARCHAR NOT NULL,
    maaned              DATE NOT NULL,
    husstander_loads    VARCHAR NOT NULL
);

-- KOSTRA figures from SSB's statistics bank (issue 15): one row per region, variable and year
-- of an uploaded table, as warehouse.validation.ssb_tables reads it. A reference load like the
-- areas: every upload is a new load of table 'kostra', the newest active one is in force.
CREATE TABLE raw.kostra (
    load_id        INTEGER NOT NULL,
    region_code    VARCHAR NOT NULL,   -- 1108, EKA11, EKG13, EAK
    region_name    VARCHAR,
    variable_code  VARCHAR NOT NULL,   -- SSB's ContentsCode, e.g. KOSboligSper10000000
    variable_label VARCHAR,
    year           INTEGER NOT NULL,
    value          DOUBLE,             -- null with a status
    status         VARCHAR             -- SSB's symbol '.', '..', '...', ':' or null
);

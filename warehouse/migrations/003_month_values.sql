-- Derived, not raw: each month's indicator values as computed from the loads in its key (the
-- month's active husstander and boliger loads, and the husstander load of the month before).
-- Loads never change, so a row is right for as long as those loads are the active ones and
-- `fingerprint` names the code that computed it. A cache: never backed up, safe to empty.
CREATE SCHEMA derived;

CREATE TABLE derived.month_values (
    fingerprint                 VARCHAR NOT NULL,
    maaned                      DATE NOT NULL,
    husstander_load             INTEGER,
    previous_husstander_load    INTEGER,
    boliger_load                INTEGER,
    indikator                   VARCHAR NOT NULL,
    teller                      BIGINT,
    nevner                      BIGINT,
    verdi                       DOUBLE
);

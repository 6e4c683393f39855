-- The app's settings and the audit log of what admins change. Both append-only.
CREATE SEQUENCE raw.settings_id_seq START 1;
CREATE SEQUENCE raw.audit_id_seq START 1;

-- One row per change of one setting; the newest row per key is the value in force.
CREATE TABLE raw.settings (
    setting_id INTEGER PRIMARY KEY,
    key        VARCHAR NOT NULL,
    value      VARCHAR NOT NULL,   -- JSON text
    changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL
);

-- Who did what, when: every settings change, reference upload, target edit and backup taken.
CREATE TABLE raw.audit_log (
    audit_id    INTEGER PRIMARY KEY,
    happened_at TIMESTAMP NOT NULL,
    actor       VARCHAR NOT NULL,
    action      VARCHAR NOT NULL,  -- innstilling | områder | områdestatistikk | mål | sikkerhetskopi
    detail      VARCHAR NOT NULL   -- what changed, in words; never a household's data
);

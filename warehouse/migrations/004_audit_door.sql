-- Through which door each audited change came: app | cli | demo. The app wrote every entry made
-- before this migration (the command line and the demo build wrote none), so those say 'app'.
ALTER TABLE raw.audit_log ADD COLUMN door VARCHAR DEFAULT 'app';
ALTER TABLE raw.audit_log ALTER COLUMN door DROP DEFAULT;
ALTER TABLE raw.audit_log ALTER COLUMN door SET NOT NULL;

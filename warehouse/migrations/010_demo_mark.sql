-- A warehouse that holds the demo municipality says so itself: one row, written by the demo
-- build (in the transaction of its audit entry) before its first upload. services.access
-- refuses every change through the app or the command line in a warehouse with this row, and
-- every change of the demo build in a warehouse without it, so invented figures never mix
-- with a municipality's own.
CREATE TABLE raw.demo_mark (
    marked_at TIMESTAMP NOT NULL,
    marked_by VARCHAR NOT NULL
);

-- A warehouse built before this migration by the app's first start holds the demo as loads
-- made by `demo`: it is the demo.
INSERT INTO raw.demo_mark (marked_at, marked_by)
SELECT min(loaded_at), 'demo' FROM raw.loads WHERE loaded_by = 'demo' HAVING count(*) > 0;

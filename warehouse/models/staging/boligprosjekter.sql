-- boligprosjekter of the active reference-data load, with its load id.
with

active as (
    select load_id from staging.active_loads where table_name = 'boligprosjekter'
),

rows as (
    select * from raw.boligprosjekter
),

final as (
    select rows.*
    from rows
    join active using (load_id)
)

select * from final

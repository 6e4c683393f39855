-- levekar of the active reference-data load.
with

active as (
    select load_id from staging.active_loads where table_name = 'levekar'
),

rows as (
    select * from raw.levekar
),

final as (
    select rows.* exclude (load_id)
    from rows
    join active using (load_id)
)

select * from final

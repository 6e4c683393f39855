-- levekar_indikatorer of the active reference-data load.
with

active as (
    select load_id from staging.active_loads where table_name = 'levekar_indikatorer'
),

rows as (
    select * from raw.levekar_indikatorer
),

final as (
    select rows.* exclude (load_id)
    from rows
    join active using (load_id)
)

select * from final

-- husstander of the active load of each month, with the month (first day) and snapshot date (last day).
with

active as (
    select * from staging.active_loads where table_name = 'husstander'
),

rows as (
    select * from raw.husstander
),

final as (
    select
        active.maaned,
        active.dato,
        rows.* exclude (load_id),
        rows.load_id
    from rows
    join active using (load_id)
)

select * from final

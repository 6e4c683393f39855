-- Every load ever made, with whether it is the active one for its month and table.
with

loads as (
    select * from raw.loads
),

active as (
    select load_id from staging.active_loads
),

final as (
    select
        loads.*,
        loads.load_id in (select load_id from active) as active
    from loads
)

select * from final

-- The active load per month and table: the one activated last (load, replace or restore).
with

events as (
    select * from raw.load_events
),

loads as (
    select * from raw.loads
),

latest_activation as (
    select
        loads.month,
        loads.table_name,
        arg_max(events.load_id, events.event_id) as load_id
    from events
    join loads using (load_id)
    group by loads.month, loads.table_name
),

final as (
    select
        loads.load_id,
        loads.month,
        loads.table_name,
        strptime(loads.month || '-01', '%Y-%m-%d')::date as maaned,
        last_day(strptime(loads.month || '-01', '%Y-%m-%d')::date) as dato
    from latest_activation
    join loads using (load_id)
)

select * from final

-- Every month with an active snapshot, and which of the two tables it has.
with

active as (
    select * from staging.active_loads where table_name in ('boliger', 'husstander')
),

final as (
    select
        maaned,
        dato,
        bool_or(table_name = 'boliger') as har_boliger,
        bool_or(table_name = 'husstander') as har_husstander
    from active
    group by maaned, dato
)

select * from final order by maaned

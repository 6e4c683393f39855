-- Months between the first and the last snapshot that lack one or both tables.
with

active as (
    select * from staging.active_loads where table_name in ('boliger', 'husstander')
),

span as (
    select min(maaned) as first_month, max(maaned) as last_month from active
),

calendar as (
    select unnest(generate_series(first_month, last_month, interval 1 month))::date as maaned
    from span
),

present as (
    select
        maaned,
        bool_or(table_name = 'boliger') as har_boliger,
        bool_or(table_name = 'husstander') as har_husstander
    from active
    group by maaned
),

final as (
    select
        calendar.maaned,
        not coalesce(present.har_boliger, false) as mangler_boliger,
        not coalesce(present.har_husstander, false) as mangler_husstander
    from calendar
    left join present using (maaned)
    where not coalesce(present.har_boliger and present.har_husstander, false)
)

select * from final order by maaned

-- Which loads each month's indicator values are computed from: the month's active boliger and
-- husstander loads, and (for the flows) the active husstander load of the calendar month before.
with

active as (
    select * from staging.active_loads where table_name in ('boliger', 'husstander')
),

households as (
    select maaned, load_id from active where table_name = 'husstander'
),

dwellings as (
    select maaned, load_id from active where table_name = 'boliger'
),

months as (
    select distinct maaned from active
),

final as (
    select
        months.maaned,
        households.load_id as husstander_load,
        -- Only flows read the month before, and a month without households has none.
        case when households.load_id is not null then previous.load_id end
            as previous_husstander_load,
        dwellings.load_id as boliger_load
    from months
    left join households on households.maaned = months.maaned
    left join households as previous on previous.maaned = months.maaned - interval 1 month
    left join dwellings on dwellings.maaned = months.maaned
)

select * from final order by maaned

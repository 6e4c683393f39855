-- Per month with a snapshot: rows per table and the counts the data-quality page checks.
-- A count is null when the month lacks that table.
with

active as (
    select * from staging.active_loads
),

dwellings as (
    select * from marts.boliger
),

households as (
    select * from marts.husstander
),

months as (
    select distinct maaned
    from active
    where table_name in ('boliger', 'husstander')
),

dwelling_counts as (
    select
        maaned,
        count(*) as boliger,
        count(*) filter (where lat is null or lon is null) as boliger_uten_koordinater
    from dwellings
    group by maaned
),

household_counts as (
    select
        maaned,
        count(*) as husstander,
        count(*) filter (where situasjon = 'venteliste') as venteliste,
        count(*) filter (where situasjon = 'midlertidig') as midlertidig,
        count(*) filter (where situasjon = 'kommunal_bolig') as kommunal_bolig,
        count(*) filter (where situasjon = 'privat_leie') as privat_leie,
        count(*) filter (where situasjon = 'eid_bolig') as eid_bolig
    from households
    group by maaned
),

unknown_dwellings as (
    select
        households.maaned,
        count(*) as husstander_ukjent_bolig
    from households
    anti join dwellings
        on households.maaned = dwellings.maaned and households.bolig_id = dwellings.bolig_id
    where households.bolig_id is not null
    group by households.maaned
),

final as (
    select
        months.maaned,
        dwelling_counts.boliger,
        household_counts.husstander,
        household_counts.venteliste,
        household_counts.midlertidig,
        household_counts.kommunal_bolig,
        household_counts.privat_leie,
        household_counts.eid_bolig,
        dwelling_counts.boliger_uten_koordinater,
        case
            when household_counts.husstander is not null
                then coalesce(unknown_dwellings.husstander_ukjent_bolig, 0)
        end as husstander_ukjent_bolig
    from months
    left join dwelling_counts using (maaned)
    left join household_counts using (maaned)
    left join unknown_dwellings using (maaned)
)

select * from final order by maaned

-- The main monthly counts next to the previous calendar month's, with the relative change.
-- endring_andel is null when the previous month's count is 0.
with

counts as (
    select * from marts.kvalitet_maaned
),

long as (
    unpivot counts
    on boliger, husstander, venteliste, midlertidig, kommunal_bolig, privat_leie, eid_bolig
    into name maal value verdi
),

compared as (
    select
        this_month.maaned,
        this_month.maal,
        previous_month.verdi as forrige,
        this_month.verdi
    from long as this_month
    join long as previous_month
        on previous_month.maal = this_month.maal
        and previous_month.maaned = (this_month.maaned - interval 1 month)::date
),

final as (
    select
        maaned,
        maal,
        forrige,
        verdi,
        case when forrige > 0 then (verdi - forrige) / forrige end as endring_andel
    from compared
)

select * from final order by maaned, maal

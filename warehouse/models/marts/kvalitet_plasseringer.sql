-- Every place a dwelling has been reported at (coordinates and grunnkrets), with its months.
-- Dwellings rarely move, so geo locates these few rows instead of every month's.
with

dwellings as (
    select * from marts.boliger
),

final as (
    select
        bolig_id,
        lat,
        lon,
        grunnkrets,
        list(maaned order by maaned) as maaneder
    from dwellings
    group by bolig_id, lat, lon, grunnkrets
)

select * from final

-- Per active snapshot load: its month, table, and whether the file carried each optional 1.1
-- column (snapshot-format.md, "Version 1.1").
with

active as (
    select * from staging.active_loads where table_name in ('boliger', 'husstander')
),

carried as (
    select * from raw.load_columns
),

final as (
    select
        active.maaned,
        active.table_name,
        active.load_id,
        coalesce(bool_or(carried.kolonne = 'utleier_id'), false) as har_utleier_id,
        coalesce(bool_or(carried.kolonne = 'leieavtale_fra'), false) as har_leieavtale_fra,
        coalesce(bool_or(carried.kolonne = 'leieavtale_til'), false) as har_leieavtale_til,
        coalesce(bool_or(carried.kolonne = 'prosjekt_id'), false) as har_prosjekt_id,
        coalesce(bool_or(carried.kolonne = 'leie_til_eie_fra'), false) as har_leie_til_eie_fra
    from active
    left join carried using (load_id)
    group by active.maaned, active.table_name, active.load_id
)

select * from final

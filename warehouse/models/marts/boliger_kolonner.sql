-- Per month with an active boliger load: which optional 1.1 columns its file carried.
with

final as (
    select
        maaned,
        har_utleier_id,
        har_leieavtale_fra,
        har_leieavtale_til,
        har_prosjekt_id
    from staging.load_columns
    where table_name = 'boliger'
)

select * from final order by maaned

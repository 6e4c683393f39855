-- Per month with an active husstander load: which optional 1.1 columns its file carried.
with

final as (
    select
        maaned,
        har_leie_til_eie_fra
    from staging.load_columns
    where table_name = 'husstander'
)

select * from final order by maaned

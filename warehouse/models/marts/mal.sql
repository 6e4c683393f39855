-- What indicators, geo and pages read of mal.
with

final as (
    select * from staging.mal
)

select * from final

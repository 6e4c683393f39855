-- What indicators, geo and pages read of loads.
with

final as (
    select * from staging.loads
)

select * from final

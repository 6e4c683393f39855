-- What indicators, geo and pages read of omrader.
with

final as (
    select * from staging.omrader
)

select * from final

-- What indicators, geo and pages read of husstander.
with

final as (
    select * from staging.husstander
)

select * from final

-- What indicators, geo and pages read of boliger.
with

final as (
    select * from staging.boliger
)

select * from final

-- What indicators, geo and pages read of brukerplan.
with

final as (
    select * from staging.brukerplan
)

select * from final

-- What indicators, geo and pages read of levekar.
with

final as (
    select * from staging.levekar
)

select * from final

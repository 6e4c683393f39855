-- What indicators, geo and pages read of levekar_indikatorer.
with

final as (
    select * from staging.levekar_indikatorer
)

select * from final

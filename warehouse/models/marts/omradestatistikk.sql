-- What indicators, geo and pages read of omradestatistikk.
with

final as (
    select * from staging.omradestatistikk
)

select * from final

-- What services and pages read of the register of housing projects.
with

final as (
    select * from staging.boligprosjekter
)

select * from final

-- What the comparison with other municipalities reads of kostra.
with

final as (
    select * from staging.kostra
)

select * from final

"""The steps of a convention, declared once (domain configuration, not views).

- `objets`: what a comment or a field may point at ("programme", "logement"…): model, label, table columns.
- `registry`: `Step`, `Table`, `Kind` and the lookups every other layer derives from (stepper, recap blocks,
  comment targets, rules per step).
- `ordinaire`: the ten steps of an ordinary convention, and the kind that lists them.

Nothing is imported here so that forms and services may import `conventions.steps.objets` (models only)
without loading the registry, which itself imports forms, rules and services.
"""

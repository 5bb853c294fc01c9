"""Business rules of a convention. STUB: the rules engineer replaces this module.

Contract used by conventions.workflow: blocking_errors(convention) -> list[str] (French messages; empty when
the convention may be submitted / validated)."""


def blocking_errors(convention) -> list[str]:
    return []

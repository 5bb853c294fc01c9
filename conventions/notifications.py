"""E-mails of the workflow (reference §2.2). STUB: the notifications engineer replaces this module.

Contract used by conventions.workflow (called after commit):
    notify(event, *, convention_id, actor_id, message="", send_copy=False)
with event in {"submitted", "corrections_requested", "corrections_done"}; and by the validated-document job:
    send_validated(*, convention, validated_by, attachment_name=None, attachment_content=None,
                   attachment_mimetype=None, attachment_skipped_reason="")
"""


def notify(event: str, *, convention_id: int, actor_id: int | None, message: str = "", send_copy: bool = False):
    return None


def send_validated(
    *,
    convention,
    validated_by,
    attachment_name=None,
    attachment_content=None,
    attachment_mimetype=None,
    attachment_skipped_reason="",
):
    return None

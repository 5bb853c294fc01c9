"""Entry points of the background jobs started by the workflow. STUB: the documents engineer replaces
`enqueue_validated_document` with the real job (generate the final document, snapshot, PDF, e-mail E5)."""


def enqueue_validated_document(convention_id: int, validated_by_id: int | None) -> None:
    from conventions import notifications
    from conventions.models import Convention
    from users.models import User

    convention = Convention.objects.select_related("programme", "lot").get(pk=convention_id)
    validated_by = User.objects.filter(pk=validated_by_id).first()
    notifications.send_validated(convention=convention, validated_by=validated_by)

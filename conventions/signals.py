"""Keep `Convention.recherche` (conventions.search) current when a field it copies changes, and the cached
counts of the list current when a convention or an operation is written (`counted`).

Each model lists the fields the document copies; a save rewrites the documents only when one of them changed
(compared with the values loaded from the database), so ordinary step saves cost no extra query."""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from conventions import search, selectors
from conventions.models import Convention
from programmes.models import Programme
from users.models import Administration, Bailleur

WATCHED = {
    Convention: ("numero", "programme_id"),
    Programme: (
        "nom",
        "numero_operation",
        "ville",
        "code_postal",
        "code_insee_departement",
        "bailleur_id",
        "administration_id",
    ),  # fmt: skip
    Bailleur: ("nom", "siret"),
    Administration: ("nom", "code"),
}
CONVENTIONS_OF = {
    Convention: lambda obj: Convention.objects.filter(pk=obj.pk),
    Programme: lambda obj: Convention.objects.filter(programme=obj),
    Bailleur: lambda obj: Convention.objects.filter(programme__bailleur=obj),
    Administration: lambda obj: Convention.objects.filter(programme__administration=obj),
}


def _snapshot(instance) -> tuple:
    return tuple(instance.__dict__.get(name) for name in WATCHED[type(instance)])


def remember(sender, instance, **kwargs):
    instance._search_snapshot = _snapshot(instance) if instance.pk else None


def follow(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    watched = WATCHED[sender]
    if (
        update_fields is not None
        and not created
        and not {f.removesuffix("_id") for f in watched} & {f.removesuffix("_id") for f in update_fields}
    ):
        return
    current = _snapshot(instance)
    if created and sender is not Convention:
        return  # a new programme, bailleur or administration has no convention yet
    if not created and getattr(instance, "_search_snapshot", None) == current:
        return
    instance._search_snapshot = current
    if sender is Convention:
        text = search.document(instance)  # from the relations already loaded, when they are
        if text != instance.recherche:
            instance.recherche = text
            Convention.objects.filter(pk=instance.pk).update(recherche=text)
            search.add_words([text])
        return
    search.refresh(CONVENTIONS_OF[sender](instance))


def counted(sender, **kwargs):
    """A convention or an operation was written: the cached counts (conventions.selectors.generation) are
    renewed now, and again once the transaction commits (a page counting in between, without the row, would
    otherwise keep its count)."""
    selectors.bump_generation()
    transaction.on_commit(selectors.bump_generation)


def connect():
    for model in (Convention, Programme):
        post_save.connect(counted, sender=model, dispatch_uid=f"counted-save-{model.__name__}")
        post_delete.connect(counted, sender=model, dispatch_uid=f"counted-delete-{model.__name__}")
    for model in WATCHED:
        post_init.connect(remember, sender=model, dispatch_uid=f"search-remember-{model.__name__}")
        post_save.connect(follow, sender=model, dispatch_uid=f"search-follow-{model.__name__}")

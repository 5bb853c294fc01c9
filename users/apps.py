from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Utilisateurs et organisations"

    def ready(self):
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from users.models import group_permissions_changed

        # The cached permissions of the groups (users.models.permissions_of_groups) follow every change.
        m2m_changed.connect(
            group_permissions_changed, sender=Group.permissions.through, dispatch_uid="permissions-groupes-m2m"
        )
        for model in (Group, Permission):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    group_permissions_changed, sender=model, dispatch_uid=f"permissions-groupes-{name}-{model.__name__}"
                )

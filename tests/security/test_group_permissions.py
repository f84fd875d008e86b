"""Right after `migrate`, the role groups hold the permissions of every app, also apps listed after loket."""

from django.contrib.auth.models import Group, Permission

from loket.core.roles import ADMIN_MODELS, Role


def test_groups_have_their_permissions_straight_after_migrate(db):
    beheerder = Group.objects.get(name=Role.BEHEERDER.value)
    assert beheerder.permissions.count() == Permission.objects.count()
    kernteam = Group.objects.get(name=Role.KERNTEAM.value)
    held = {
        f"{p.content_type.app_label}.{p.content_type.model}"
        for p in kernteam.permissions.select_related("content_type")
    }
    assert held == set(ADMIN_MODELS[Role.KERNTEAM])

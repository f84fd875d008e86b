"""A user's roles are their groups, read once per request (loket.core.roles.roles_of, one statement)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from loket.core.roles import Role, roles_of


def _fresh(user):
    """The user as the next request loads it (roles_of keeps the roles on the object it was given)."""
    return get_user_model().objects.get(pk=user.pk)


def test_roles_are_the_groups_of_the_user_and_a_removed_group_ends_the_role(client_for, users):
    user = users["kernteam"]
    assert roles_of(user) == frozenset({Role.KERNTEAM})
    client = client_for("kernteam")
    assert client.get("/kernteam/").status_code == 200
    user.groups.remove(Group.objects.get(name=Role.KERNTEAM.value))
    assert client.get("/kernteam/").status_code == 403  # the next request reads the groups again
    assert roles_of(_fresh(user)) == frozenset()


def test_a_user_in_two_groups_has_both_roles_and_a_superuser_is_also_beheerder(users):
    user = users["prt_utrecht"]
    user.groups.add(Group.objects.get(name=Role.EXPERT.value))
    assert roles_of(_fresh(user)) == frozenset({Role.PRT, Role.EXPERT})
    get_user_model().objects.filter(pk=user.pk).update(is_superuser=True)
    assert roles_of(_fresh(user)) == frozenset({Role.PRT, Role.EXPERT, Role.BEHEERDER})

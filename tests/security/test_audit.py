"""Audit log: logins, failed logins, logouts and role changes (also through the admin)."""

import pytest
from axes.models import AccessFailureLog
from django.contrib.auth.models import Group
from django.urls import reverse

from loket.accounts.models import AuditAction, AuditEvent
from loket.core.roles import Role
from tests.conftest import PASSWORD


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_login_failed_login_and_logout_are_recorded(client, users):
    client.post(reverse("loket:login"), {"username": "prt-utrecht", "password": "fout-wachtwoord"})
    (failed,) = events(AuditAction.LOGIN_FAILED)
    assert failed.target == users["prt_utrecht"] and failed.ip_address == "127.0.0.1"
    assert "fout-wachtwoord" not in str(failed.details)
    assert AccessFailureLog.objects.filter(username="prt-utrecht").exists()  # axes keeps its own log too

    client.post(reverse("loket:login"), {"username": "prt-utrecht", "password": PASSWORD})
    (login,) = events(AuditAction.LOGIN)
    assert login.actor == users["prt_utrecht"] and login.actor_name == "prt-utrecht"

    client.post(reverse("loket:logout"))
    (logout,) = events(AuditAction.LOGOUT)
    assert logout.target == users["prt_utrecht"]


def test_failed_login_for_an_unknown_name_keeps_the_name_tried(client, db):
    client.post(reverse("loket:login"), {"username": "indringer", "password": "x"})
    (failed,) = events(AuditAction.LOGIN_FAILED)
    assert failed.target is None and failed.target_name == "indringer"


def test_role_changes_are_recorded_from_both_sides(users):
    user = users["no_role"]
    kernteam = Group.objects.get(name=Role.KERNTEAM.value)
    user.groups.add(kernteam)
    kernteam.user_set.remove(user)
    user.groups.add(Group.objects.get(name=Role.PRT.value))
    user.groups.clear()
    added = [(e.target_name, e.details["rol"]) for e in events(AuditAction.ROLE_ADDED) if e.target == user]
    removed = [(e.target_name, e.details["rol"]) for e in events(AuditAction.ROLE_REMOVED) if e.target == user]
    assert added == [("no-role", "Kernteam"), ("no-role", "PRT-lid")]
    assert removed == [("no-role", "Kernteam"), ("no-role", "PRT-lid")]


def test_role_change_in_the_admin_is_recorded_with_who_did_it(client_for, users):
    client = client_for("beheerder")
    target = users["prt_utrecht"]
    lrt = Group.objects.get(name=Role.LRT.value)
    prt = Group.objects.get(name=Role.PRT.value)
    profile = target.profile
    data = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": "",
        "email": target.email,
        "is_active": "on",
        "groups": [str(prt.pk), str(lrt.pk)],
        "date_joined_0": target.date_joined.strftime("%d-%m-%Y"),
        "date_joined_1": target.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": target.date_joined.strftime("%d-%m-%Y"),
        "initial-date_joined_1": target.date_joined.strftime("%H:%M:%S"),
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": str(profile.pk),
        "profile-0-user": str(target.pk),
        "profile-0-organisation": str(profile.organisation_id),
        "profile-0-province": str(profile.province_id),
        "profile-0-function": "",
        "profile-0-phone": "",
        "_save": "Opslaan",
    }
    response = client.post(reverse("admin:auth_user_change", args=[target.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = [e for e in events(AuditAction.ROLE_ADDED) if e.target == target]
    (event,) = [e for e in added if e.details["rol"] == "LRT-secretaris"]
    assert event.actor == users["beheerder"]


def test_audit_log_is_read_only_in_the_admin_for_the_beheerder_only(client_for, users):
    event = AuditEvent.objects.create(action=AuditAction.LOGIN, actor_name="x", target_name="x")
    beheerder = client_for("beheerder")
    assert beheerder.get(reverse("admin:loket_auditevent_changelist")).status_code == 200
    detail = beheerder.get(reverse("admin:loket_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert beheerder.get(reverse("admin:loket_auditevent_add")).status_code == 403
    assert beheerder.post(reverse("admin:loket_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    kernteam = client_for("kernteam")
    assert kernteam.get(reverse("admin:loket_auditevent_changelist")).status_code == 403


@pytest.mark.parametrize("name", ["kernteam", "prt_utrecht"])
def test_login_of_each_role_is_recorded(client_for, users, name):
    client_for(name)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=users[name]).exists()

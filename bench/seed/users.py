"""The bench users: one password, the roles of the scenarios, and an authenticator app each."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.seed.context import SeedContext
from loket.core.models import Organisation, Profile, Province
from loket.core.roles import sync_groups

BENCH_PASSWORD = "bench-loket-2026-wachtwoord"  # noqa: S105 - bench database only
# username, role name (loket.roles.Role value), first name, last name, organisation code, province code
BENCH_USERS = [
    ("bench-kernteam", "Kernteam", "Kees", "Kernteam", "BZK", None),
    ("bench-kernteam2", "Kernteam", "Karin", "Kernteam", "COA", None),
    ("bench-kernteam3", "Kernteam", "Khalid", "Kernteam", "VNG", None),
    ("bench-prt-utrecht", "PRT-lid", "Pim", "Partner", "PV26", "PV26"),
    ("bench-lrt", "LRT-secretaris", "Lieke", "Secretaris", "BZK", None),
    ("bench-beheerder", "Beheerder", "Bert", "Beheer", "BZK", None),
]
MARKER_USERNAME = "bench-kernteam"  # present <=> this database was seeded by seed_bench
BENCH_EMAIL_DOMAIN = "bench.loket.example"


def seed_users(ctx: SeedContext) -> dict[str, int]:
    sync_groups()
    user_model = get_user_model()
    hashed = None
    created = 0
    for username, role, first, last, org_code, province_code in BENCH_USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username, first_name=first, last_name=last, email=f"{username}@{BENCH_EMAIL_DOMAIN}"
            )
            if hashed is None:  # hash once: every bench user has the same password
                user.set_password(BENCH_PASSWORD)
                hashed = user.password
            user.password = hashed
            user.save()
            created += 1
        user.groups.set([Group.objects.get(name=role)])
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": Organisation.objects.filter(code=org_code).first(),
                "province": Province.objects.filter(code=province_code).first() if province_code else None,
            },
        )
        bench_totp_device(user)
        ctx.users[username] = user
    return {"gebruikers": created}


BENCH_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex; loopback bench users only


def bench_totp_device(user):
    """The confirmed authenticator app of a bench user (two-factor login is required for the core
    team): the bench logs in through the real login page and its code step with codes from this key.
    Named "default": the device django-two-factor-auth asks the code of."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"key": BENCH_TOTP_KEY, "confirmed": True}
    )
    return device


def bench_totp_code() -> str:
    """The current six-digit code of BENCH_TOTP_KEY (default TOTP settings: 30 s, 6 digits)."""
    return f"{totp(bytes.fromhex(BENCH_TOTP_KEY), step=30, t0=0, digits=6, drift=0):06d}"

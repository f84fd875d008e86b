"""Demo accounts and loket content for `manage.py load_demo` (idempotent)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.accounts.security import otp_required_for
from loket.core.models import ContactDetails, ContactPerson, Organisation, Profile, Province
from loket.core.roles import Role, sync_groups

DEMO_PASSWORD = "demo-loket-2020"  # noqa: S105 - documented demo password, never in production

# username, role, first name, last name, organisation code, province code
DEMO_ACCOUNTS = [
    ("beheerder", Role.BEHEERDER, "Bram", "Beheer", "BZK", None),
    ("kernteam", Role.KERNTEAM, "Kim", "de Kern", "BZK", None),
    ("kernteam2", Role.KERNTEAM, "Karim", "Jansen", "COA", None),
    ("prt-utrecht", Role.PRT, "Petra", "van Utrecht", "PV26", "PV26"),
    ("prt-gelderland", Role.PRT, "Gert", "Gelders", "PV25", "PV25"),
    ("cdk-utrecht", Role.CDK, "Carla", "de Kommissaris", "PV26", "PV26"),
    ("coa-landelijk", Role.COA, "Cor", "Vastgoed", "COA", None),
    ("lrt-secretaris", Role.LRT, "Lotte", "Secretaris", "BZK", None),
    ("deskundige", Role.EXPERT, "Daan", "Deskundig", "ECF", None),
]


def load_accounts() -> dict:
    sync_groups()
    user_model = get_user_model()
    users = {}
    for username, role, first, last, org_code, province_code in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.loket.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "organisation": Organisation.objects.filter(code=org_code).first(),
                "province": Province.objects.filter(code=province_code).first() if province_code else None,
            },
        )
        users[username] = user
    return users


# Demo accounts that need two-factor login get an authenticator with this (public, demo-only) key,
# so that a newcomer can log in without a phone: `manage.py demo_code kernteam` prints the code.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


def load_demo_devices(users: dict) -> None:
    for user in users.values():
        if otp_required_for(user):
            # "default": the device django-two-factor-auth asks the code of.
            TOTPDevice.objects.update_or_create(
                user=user, name="default", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )


def load(*, stdout=None, users=None) -> None:
    if users:
        load_demo_devices(users)
    if not ContactDetails.objects.exists():
        ContactDetails.objects.create(
            mailbox="loket@flexibilisering-asielketen.example.nl",
            phone="070 000 00 00",
            availability="Op werkdagen van 9.00 tot 17.00 uur",
            intro="Heeft u een vraag over het provinciale plan of de kaders? Het kernteam helpt u graag.",
        )
    people = [
        ("Kim de Kern", "Coördinator kernteam", "BZK", "kernteam@demo.loket.example"),
        ("Karim Jansen", "Adviseur vastgoed en capaciteit", "COA", "kernteam2@demo.loket.example"),
    ]
    for order, (name, role, org, email) in enumerate(people):
        ContactPerson.objects.update_or_create(
            name=name,
            defaults={
                "role": role,
                "organisation": Organisation.objects.filter(code=org).first(),
                "email": email,
                "order": order,
            },
        )

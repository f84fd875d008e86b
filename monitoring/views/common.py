from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from loket.core.breadcrumbs import trail
from loket.core.formats import short_date
from loket.core.roles import Role

READERS = (Role.KERNTEAM, Role.LRT, Role.PRT, Role.CDK)
OVERSIGHT = (Role.KERNTEAM, Role.LRT)
CORE = (Role.KERNTEAM,)
LRT = (Role.LRT,)


def querystring_without(params: QueryDict, *names: str) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def form_errors_to(form, exc) -> None:
    """Put a service's ValidationError on the form: per field where it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def register_trail(*steps):
    """Home > Signalenregister > ...: the breadcrumbs of the signal pages."""
    return trail((_("Signalenregister"), reverse("monitoring:register")), *steps)


def signal_trail(signal, *steps):
    """... > Signalenregister > <signaal> > ..."""
    if not steps:
        return register_trail(signal.title)
    return register_trail((signal.title, reverse("monitoring:signal_detail", kwargs={"pk": signal.pk})), *steps)


def meeting_trail(meeting, *steps):
    """Home > LRT-overleggen > <overleg> > ..."""
    meetings = (_("LRT-overleggen"), reverse("monitoring:meeting_list"))
    if meeting is None:
        return trail(meetings, *steps)
    label = _("Agenda LRT %(date)s") % {"date": short_date(meeting.date)}
    if not steps:
        return trail(meetings, label)
    return trail(meetings, (label, reverse("monitoring:meeting_detail", kwargs={"pk": meeting.pk})), *steps)

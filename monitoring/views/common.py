from django.http import QueryDict

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

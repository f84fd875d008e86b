"""Lessons from the field: a PRT-lid or CdK-medewerker submits a lesson learned; it arrives as a
draft publication (kind "lessons") for the core team, who edits it, asks a question back or
publishes it (with or without the submitter's name, as the submitter chose)."""

"""Consultation on a draft kader: the core team opens a round on the draft's text for invited
partners (roles and/or organisations), who comment per section or on the whole; the core team
answers every comment and closes the round; the reactienota (PDF/XLSX) and the change since the
consulted text belong to the published version. Models live here and are gathered in loket/models.py."""

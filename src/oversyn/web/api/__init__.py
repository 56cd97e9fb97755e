"""The REST API under ``/api/v1/`` (django-ninja), generated from the item-kind registry.

``api.py`` assembles the :class:`ninja.NinjaAPI`; ``cases.py`` the case operations,
``items.py`` the operations of every registered item kind (one loop over
``registry.kinds()``), ``results.py`` the analysis, evaluation results and documents;
``auth.py`` authenticates by session (with CSRF) or personal token (``models.ApiToken``);
``etag.py`` turns version tokens into ``ETag`` / ``If-Match``; ``errors.py`` turns the
actions' refusals into statuses.  The API only parses, calls the platform's actions and
renders.  See ``docs/api.md``.
"""

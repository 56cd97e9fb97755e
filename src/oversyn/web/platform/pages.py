"""A registered kind's real pages, generated from one declaration: its list page, its edit page
(new and change), its delete and their URL patterns.

An app describes each kind's pages once with a :class:`KindPage` — the kind (from
:mod:`.registry`), the URL segment, the URL names, the list page's template with the context
only that page needs (a goal's progress, the responsibility matrix), the Django form that
parses a typed item (and optional rows of a nested list, :class:`Rows`) — and its ``urls.py``
is ``urlpatterns = pages.urls_for(PAGES)``.  The views only parse, call the action and render:
the save is :func:`registry.item_save` (or the page's ``save``, itself going through
:func:`oversyn.web.platform.actions.run`), the delete :func:`registry.item_delete`.

URL names keep the shape ``cases:<list_name>`` (the list), ``cases:<item_name>_new``,
``_edit`` and ``_delete``, so links, tests and bookmarks made before stay valid.

A kind can live inside an item of another kind (an indicator in a goal, :class:`Within`):
its URLs carry the parent's key too, and it is saved as the parent with the parent's version
token.

A kind listed with its one add/edit form on the same page (costs, decisions, own sections)
is declared as a :class:`ListFormPage`, the sibling of :class:`KindPage`: the list at
``<path>/`` (``?andra=<id>`` puts an item in the form), the form's POST address
``<path>/spara/`` and the delete ``<path>/<item>_id/ta-bort/`` (URL names ``<list_name>``,
``<item>_save``, ``<item>_delete``); ``list_form_urls(PAGES)`` gives their patterns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.core.case import Case
from oversyn.web.platform import registry
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.routes import CASE
from oversyn.web.platform.views import attempt, case_view, kind_delete, page_context

# -- form errors as located lines (shared by every page with a Django form) --------------------


def form_errors(*forms: Any) -> list[str]:
    """Form errors as "Label: message" lines (for the error box at the top of the form); a
    form with ``prefix_label`` (a formset's row: "Åtgärd 2") names it first."""
    out: list[str] = []
    for form in forms:
        if form is None:
            continue
        for name, errs in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            prefix = (f"{form.prefix_label}, " if getattr(form, "prefix_label", "") else "") + (
                f"{label}: " if label else ""
            )
            out.extend(f"{prefix}{e}" for e in errs)
    return out


def form_messages(form: Any) -> list[str]:
    """A form's errors without field labels, for a form whose messages say it all (an upload
    form: an empty or too large file says so)."""
    return [str(m) for messages_ in form.errors.values() for m in messages_]


def formset_errors(formset: Any, word: str) -> list[str]:
    """A formset's errors, each row named "<word> <n>"."""
    if formset is None:
        return []
    for i, form in enumerate(formset.forms, 1):
        form.prefix_label = f"{word} {i}"
    return form_errors(*formset.forms) + [str(e) for e in formset.non_form_errors()]


# -- the declaration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """A nested list of the item edited as rows of a formset (a recommendation's actions).

    ``formset``: the formset class; ``field``: the item's list; ``prefix``: the formset
    prefix; ``words``: (heading, row word: "Åtgärder", "Åtgärd"); ``initial``: (item, case) →
    the rows of a stored item; ``kwargs``: case → extra formset arguments (choices).
    """

    formset: Any
    field: str
    prefix: str
    words: Callable[[], tuple[str, str]]
    initial: Callable[[Any, Case], list[dict[str, Any]]]
    kwargs: Callable[[Case], dict[str, Any]] | None = None

    def make(self, case: Case, data: Any = None, initial: Any = None) -> Any:
        kwargs: dict[str, Any] = {"prefix": self.prefix}
        kwargs.update(self.kwargs(case) if self.kwargs else {})
        if initial is not None:
            kwargs["initial"] = initial
        return self.formset(data, **kwargs) if data is not None else self.formset(**kwargs)


@dataclass(frozen=True)
class Within:
    """The page's items live in a list of an item of the page's kind (a goal's
    ``indicators``): ``arg`` is the parent item's URL argument, ``field`` its list.  They are
    saved as the parent, with the parent's version token."""

    arg: str
    field: str


@dataclass(frozen=True)
class KindPage:
    """The pages of one registered kind.

    ``kind``: the registry name; ``path``: the URL segment under ``arenden/<key>/``
    ("revision"); ``list_name`` / ``item_name``: the URL names (``cases:<list_name>``,
    ``cases:<item_name>_new|_edit|_delete``); ``arg``: the URL argument naming an item
    ("rec_id"); ``template``: the list page's template ("" for a kind listed on another page);
    ``context``: the list page's own context (access → dict); ``extra``: context of every page
    of the kind (the app's sub-menu); ``form``: the edit form class, called
    ``form(data, initial=…, editing=…)``, with ``to_data()``; ``initial``: a stored item →
    the form's values; ``new_initial``: case → a new item's form values; ``rows``: a nested
    list edited as formset rows; ``titles``: the edit page's heading for a new item and for a
    change ("Ny rekommendation", "Ändra rekommendation"); ``words``: the messages
    "not_found", "saved", "deleted" when they are not "<the kind's label> finns inte.",
    "… sparades.", "… togs bort." ("Rekommendationen sparades."); ``anchor``: where to go
    on the list after a save ("rec-{id}", formatted with
    the item's key as ``id`` and the URL's arguments); ``back``: the list the edit page
    returns to (default ``list_name``); ``delete_anchor``: where on it after a delete;
    ``edit_template``: the edit page's template (extends ``platform/kind_form.html``);
    ``edit_context``: (case, item or None, URL arguments) → more context of the edit page;
    ``keep``: the stored fields the form does not carry, kept on a change (a goal's
    indicators); ``save``: an action of the app instead of :func:`registry.item_save`, called
    ``save(actor=, record=, item_id=, data=, base=, **url_arguments)``; ``delete`` likewise;
    ``within``: for items nested in an item of ``kind`` (a goal's indicators): the parent.
    """

    kind: str
    path: str
    list_name: str
    item_name: str
    arg: str
    form: Any
    initial: Callable[[Any], dict[str, Any]]
    titles: Callable[[], tuple[str, str]]
    template: str = ""
    context: Callable[[sel.CaseAccess], dict[str, Any]] | None = None
    extra: dict[str, Any] | None = None
    new_initial: Callable[[Case], dict[str, Any]] | None = None
    rows: Rows | None = None
    anchor: str = ""
    back: str = ""
    delete_anchor: str = ""
    edit_template: str = "platform/kind_form.html"
    edit_context: Callable[[Case, Any, dict[str, str]], dict[str, Any]] | None = None
    keep: tuple[str, ...] = ()
    save: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    within: Within | None = None
    words: Callable[[], dict[str, str]] | None = None

    # -- reading ------------------------------------------------------------------------------

    @property
    def registered(self) -> registry.ItemKind:
        return registry.get(self.kind)

    def messages(self) -> dict[str, str]:
        """The page's messages: ``words``, or else made from the kind's label."""
        if self.words is not None:
            return self.words()
        kind = {"kind": self.registered.label()}
        return {
            "not_found": _("%(kind)s finns inte.") % kind,
            "saved": _("%(kind)s sparades.") % kind,
            "deleted": _("%(kind)s togs bort.") % kind,
        }

    def _parent(self, case: Case, kwargs: dict[str, str]) -> Any:
        if self.within is None:
            return None
        parent = self.registered.find(case, kwargs[self.within.arg])
        if parent is None:
            raise Http404(self.registered.label())
        return parent

    def _items(self, case: Case, parent: Any) -> list[Any]:
        if self.within is not None:
            return list(getattr(parent, self.within.field))
        return self.registered.items(case)

    def _find(self, case: Case, parent: Any, item_id: str | None) -> Any:
        key = "id" if self.within is not None else self.registered.key
        return next((o for o in self._items(case, parent) if str(getattr(o, key)) == item_id), None)

    def _back(self, record_key: str, kwargs: dict[str, str], anchor: str, **fmt: Any) -> str:
        url = reverse(f"cases:{self.back or self.list_name}", args=[record_key])
        return url + ("#" + anchor.format(**kwargs, **fmt) if anchor else "")

    # -- the actions ---------------------------------------------------------------------------

    def _act(
        self,
        request: HttpRequest,
        access: sel.CaseAccess,
        own: Callable[..., Any] | None,
        generic: Callable[..., Any],
        kwargs: dict[str, str],
        **args: Any,
    ) -> Any:
        """The page's own action (``save``/``delete``, given the URL's arguments) or the
        registry's ``generic`` one for the kind; ``args``: item_id, base (and data)."""
        if own is not None:
            return own(actor=request.user, record=access.record, **args, **kwargs)
        extra = {"keep": self.keep} if generic is registry.item_save else {}
        return generic(
            actor=request.user, record=access.record, kind=self.registered, **args, **extra
        )

    # -- the views -----------------------------------------------------------------------------

    def list_view(self, request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
        """The list page: the app's template with its own context."""
        ctx = {**(self.extra or {}), **(self.context(access) if self.context else {})}
        return render(request, self.template, page_context(access, **ctx))

    def edit_view(
        self, request: HttpRequest, access: sel.CaseAccess, **kwargs: str
    ) -> HttpResponse:
        """A new item (no item argument in the URL) or one item, as the page's form."""
        item_id = kwargs.pop(self.arg, None)
        key, case, words = access.record.key, access.case, self.messages()
        parent = self._parent(case, kwargs)
        item = self._find(case, parent, item_id) if item_id is not None else None
        if item_id is not None and item is None:
            raise Http404(words["not_found"])
        if self.within is not None:
            base = registry.token(parent)
        else:
            base = registry.token(item) if item is not None else ""
        errors: list[str] = []
        conflict = None
        status = 200
        rows = None
        if request.method == "POST":
            base = request.POST.get("base", "")
            form = self.form(request.POST, editing=item is not None)
            rows = self.rows.make(case, data=request.POST) if self.rows else None
            word = self.rows.words()[1] if self.rows else ""
            if form.is_valid() and (rows is None or rows.is_valid()):
                data = form.to_data()
                if rows is not None and self.rows is not None:
                    found = (f.to_data() for f in rows.forms)
                    data[self.rows.field] = [r for r in found if r is not None]
                outcome = attempt(
                    lambda: self._act(
                        request,
                        access,
                        self.save,
                        registry.item_save,
                        kwargs,
                        item_id=item_id,
                        data=data,
                        base=base,
                    )
                )
                if outcome.ok:
                    messages.success(request, words["saved"])
                    new_id = item_id or data.get("id", "")
                    return redirect(self._back(key, kwargs, self.anchor, id=new_id))
                errors, conflict = outcome.errors, outcome.conflict
            else:
                errors = form_errors(form) + formset_errors(rows, word)
            status = 400
        elif item is not None:
            form = self.form(initial=self.initial(item), editing=True)
            if self.rows is not None:
                rows = self.rows.make(case, initial=self.rows.initial(item, case))
        else:
            initial = self.new_initial(case) if self.new_initial else None
            form = self.form(initial=initial) if initial else self.form()
            rows = self.rows.make(case) if self.rows else None
        new_title, edit_title = self.titles()
        title = edit_title if item is not None else new_title
        if parent is not None:
            title += " – " + self.registered.display(parent)
        delete_url = (
            reverse(f"cases:{self.item_name}_delete", args=[key, *kwargs.values(), item_id])
            if item is not None
            else ""
        )
        heading, word = self.rows.words() if self.rows else ("", "")
        return render(
            request,
            self.edit_template,
            page_context(
                access,
                kind=self.registered,
                title=title,
                form=form,
                formset=rows,
                formset_title=heading,
                formset_word=word,
                back=self._back(key, kwargs, ""),
                base=base,
                errors=errors,
                conflict=conflict,
                delete_url=delete_url,
                **(self.extra or {}),
                **(self.edit_context(case, item, kwargs) if self.edit_context else {}),
            ),
            status=status,
        )

    def delete_view(
        self, request: HttpRequest, access: sel.CaseAccess, **kwargs: str
    ) -> HttpResponse:
        """Remove one item (POST, with the token the user saw); its refusals are shown on
        its edit page, a success on the list."""
        item_id = kwargs.pop(self.arg)
        base = request.POST.get("base", "")
        outcome = attempt(
            lambda: self._act(
                request,
                access,
                self.delete,
                registry.item_delete,
                kwargs,
                item_id=item_id,
                base=base,
            )
        )
        for message in outcome.errors:
            messages.error(request, message)
        if not outcome.ok:
            args = [access.record.key, *kwargs.values(), item_id]
            return redirect(reverse(f"cases:{self.item_name}_edit", args=args))
        messages.success(request, self.messages()["deleted"])
        return redirect(self._back(access.record.key, kwargs, self.delete_anchor))

    # -- the URLs ------------------------------------------------------------------------------

    def urls(self) -> list[URLPattern]:
        """``<path>/`` (the list, when the page has a template), ``<path>/ny/``,
        ``<path>/<arg>/`` and ``<path>/<arg>/ta-bort/``."""
        permission = self.registered.permission
        edit = case_view(permission)(self.edit_view)
        delete = require_POST(case_view(permission)(self.delete_view))
        base = f"{CASE}{self.path}/"
        item = f"{base}<str:{self.arg}>/"
        out = []
        if self.template:
            out.append(path(base, case_view()(self.list_view), name=self.list_name))
        return [
            *out,
            path(base + "ny/", edit, name=f"{self.item_name}_new"),
            path(item, edit, name=f"{self.item_name}_edit"),
            path(item + "ta-bort/", delete, name=f"{self.item_name}_delete"),
        ]


_PAGES: dict[str, KindPage] = {}


def urls_for(pages: Sequence[KindPage]) -> list[URLPattern]:
    """The URL patterns of every page in ``pages`` (an app's ``urls.py``: one call).  A kind's
    registered ``url_name`` must be its page's list (the case menu and the API link there)."""
    out: list[URLPattern] = []
    for page in pages:
        kind = page.registered
        if page.template and kind.url_name and kind.url_name != page.list_name:
            raise ValueError(f"{kind.name}: url_name {kind.url_name!r} is not {page.list_name!r}")
        out += page.urls()
        _PAGES[page.item_name] = page
    return out


def all_pages() -> list[KindPage]:
    """Every page whose URLs were made (the generated page test runs over them)."""
    return list(_PAGES.values())


# -- a list and its add/edit form on one page ----------------------------------------------------


@dataclass(frozen=True)
class ListFormPage:
    """A registered kind's list with one add/edit form on the same page.

    ``kind``: the registry name; ``path``: the URL segment ("kostnader"); ``list_name``: the
    page's URL name; ``item``: the stem of the other names ("cost"): the form's POST address
    ``<item>_save``, the delete ``<item>_delete``, and ``<item>_id``, the form's (hidden)
    field holding the edited item's id, also the save action's keyword and the delete URL's
    argument; ``template``: the page's
    template; ``form``: the form class, called ``form(data, initial=…, **form_kwargs(case,
    lang))``, with ``to_data()``; ``context``: (case, lang) → the page's own data;
    ``initial``: (item, its version token) → the form's values; ``blank``: case → a new
    item's; ``save``: the app's action, ``save(actor=, record=, data=, base=, <id_field>=)``;
    ``words``: the messages "saved" and "deleted"; ``anchor``: where on the page a save
    returns to ("#h-comparison"), ``delete_anchor`` a delete.

    The page's context has ``form``, ``editing``, ``errors``, ``conflict`` (the saved version
    after a stale form), ``save_url`` and ``list_url`` (for the shared form piece).
    """

    kind: str
    path: str
    list_name: str
    item: str
    template: str
    form: Any
    context: Callable[[Case, str], dict[str, Any]]
    initial: Callable[[Any, str], dict[str, Any]]
    blank: Callable[[Case], dict[str, Any]]
    save: Callable[..., Any]
    words: Callable[[], dict[str, str]]
    form_kwargs: Callable[[Case, str], dict[str, Any]] | None = None
    anchor: str = ""
    delete_anchor: str = ""

    @property
    def registered(self) -> registry.ItemKind:
        return registry.get(self.kind)

    @property
    def id_field(self) -> str:
        return f"{self.item}_id"

    def _url(self, name: str, access: sel.CaseAccess) -> str:
        return reverse(f"cases:{name}", args=[access.record.key])

    def render(
        self,
        request: HttpRequest,
        access: sel.CaseAccess,
        *,
        form: Any = None,
        errors: list[str] | None = None,
        conflict: Any = None,
    ) -> HttpResponse:
        """The page; ``form``: the user's input, shown again with ``errors`` (status 400)."""
        case, lang = access.case, current_lang()
        if form is None:
            wanted = request.GET.get("andra")
            item = self.registered.find(case, wanted) if wanted else None
            initial = self.initial(item, registry.token(item)) if item else self.blank(case)
            kwargs = self.form_kwargs(case, lang) if self.form_kwargs else {}
            form = self.form(initial=initial, **kwargs)
        context = page_context(
            access,
            **self.context(case, lang),
            form=form,
            editing=bool(form[self.id_field].value()),
            errors=errors or [],
            conflict=conflict,
            save_url=self._url(f"{self.item}_save", access),
            list_url=self._url(self.list_name, access),
        )
        return render(request, self.template, context, status=400 if errors else 200)

    def list_view(self, request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
        return self.render(request, access)

    def save_view(self, request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
        """The form posted: refused input is shown again; a valid one is saved by ``save``
        (its refusals shown on the page as it is now), then back to the list at ``anchor``."""
        kwargs = self.form_kwargs(access.case, current_lang()) if self.form_kwargs else {}
        form = self.form(request.POST, **kwargs)
        if not form.is_valid():
            return self.render(request, access, form=form, errors=[_("Rätta fälten nedan.")])
        outcome = attempt(
            lambda: self.save(
                actor=request.user,
                record=access.record,
                data=form.to_data(),
                base=form.cleaned_data.get("base") or "",
                **{self.id_field: form.cleaned_data.get(self.id_field) or None},
            )
        )
        if outcome.ok:
            messages.success(request, self.words()["saved"])
        elif outcome.errors:
            fresh = sel.case_for_user(request.user, access.record.key)
            conflict = (outcome.conflict or {}) if outcome.conflicted else None
            return self.render(request, fresh, form=form, errors=outcome.errors, conflict=conflict)
        return redirect(self._url(self.list_name, access) + self.anchor)

    def urls(self) -> list[URLPattern]:
        """``<path>/``, ``<path>/spara/`` (POST) and ``<path>/<<item>_id>/ta-bort/`` (POST)."""
        permission = self.registered.permission
        base = f"{CASE}{self.path}/"
        delete = kind_delete(
            self.kind, lambda: self.words()["deleted"], self.list_name, self.delete_anchor
        )
        return [
            path(base, case_view()(self.list_view), name=self.list_name),
            path(
                base + "spara/",
                require_POST(case_view(permission)(self.save_view)),
                name=f"{self.item}_save",
            ),
            path(base + f"<str:{self.id_field}>/ta-bort/", delete, name=f"{self.item}_delete"),
        ]


def list_form_urls(pages: Sequence[ListFormPage]) -> list[URLPattern]:
    """The URL patterns of every page in ``pages`` (an app's ``urls.py``)."""
    return [pattern for page in pages for pattern in page.urls()]

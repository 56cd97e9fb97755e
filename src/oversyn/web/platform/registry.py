"""The case item kinds: each list of the case whose items are edited one at a time.

A kind is registered once, in its app (``registry.register(ItemKind(...))``), with its core
type, where its list lives in the case, how an item is identified and named, its Swedish labels
(English through the catalogue) and the permission a write needs.  From the registration come
the generic actions (:func:`item_save`, :func:`item_delete`), the version token of an item
(:func:`item_token`, the REST API's ETag), the audit record's type and message, and what the
registry test (``tests/web/platform/test_registry.py``) runs for every kind.  The REST API
is meant to be generated from the same registrations: ``model`` is the schema of the item,
``path``/``key`` say where it lives and how it is addressed, ``permission`` who may write.

>>> from oversyn.web.platform import registry
>>> registry.get("cost_line").path
('costs',)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from pydantic import BaseModel

from oversyn.core.case import Case
from oversyn.core.ids import unique_id
from oversyn.web.cases.models import Action, CaseRecord
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.errors import ConflictError, ServiceError
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.platform.permissions import EDIT
from oversyn.web.platform.repository import token


@dataclass(frozen=True)
class ItemKind:
    """One kind of case item.

    ``name``: the registry key ("cost_line"); ``model``: the core pydantic type (the item's
    schema); ``path``: the attributes leading to its list in :class:`Case` (``("costs",)``,
    ``("baseline", "units")``); ``key``: the attribute that identifies an item (``id`` for
    most, ``alternative`` for SWOT, ``item`` for checklist entries); ``label``: the Swedish
    noun with its article ("Kostnadsposten"), used in messages; ``plural``: the menu's label
    ("Kostnader"); ``display``: an item's name; ``object_type``: the audit record's type;
    ``permission``: what a write needs; ``delete_check``: messages that refuse a delete (a
    unit with sub-units …); ``labels``: field → label, for located error messages (else the
    case file's field names are used); ``example``: a valid new item for a case, as a dict (the
    registry test and the API's examples use it); ``url_name``: the page that lists the
    kind's items (``cases:<url_name>`` with the case key) when it has a page of its own;
    ``menu``: the case menu's group ("utredning" or "arendet") that gets a link to the
    kind's list page: its own (``url_name``, e.g. from :class:`~.pages.KindPage`) or else the
    generic one (``cases:item_list``);
    ``on_delete``: the core's cascade when an item goes (``case, removed item → case``: a
    criterion's scores and weight go with it), applied by :func:`item_delete`;
    ``id_from``: the text a new item's id is made from when it has none (a decision's body,
    date and §), instead of its name, title, label or text.
    """

    name: str
    model: type[BaseModel]
    path: tuple[str, ...]
    label: Callable[[], str]
    plural: Callable[[], str]
    display: Callable[[Any], str]
    object_type: str
    key: str = "id"
    permission: str = EDIT
    delete_check: Callable[[Case, Any], list[str]] | None = None
    labels: Callable[[], dict[str, str]] | None = None
    list_labels: Callable[[], dict[str, str]] | None = None
    example: Callable[[Case], dict[str, Any]] | None = None
    url_name: str = ""
    menu: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    on_delete: Callable[[Case, Any], Case] | None = None
    id_from: Callable[[dict[str, Any]], str] | None = None

    # -- reading ---------------------------------------------------------------------------

    @property
    def page(self) -> str:
        """The URL name of the kind's own list page (``cases:<url_name>``, "" without one):
        the case menu links there instead of the generic list."""
        return f"cases:{self.url_name}" if self.url_name else ""

    def items(self, case: Case) -> list[Any]:
        obj: Any = case
        for attr in self.path:
            obj = getattr(obj, attr)
        return list(obj)

    def find(self, case: Case, item_id: Any) -> Any:
        return next((o for o in self.items(case) if getattr(o, self.key) == item_id), None)

    def with_items(self, case: Case, items: list[Any]) -> Case:
        """``case`` with this kind's list replaced by ``items``."""

        def put(obj: BaseModel, path: tuple[str, ...]) -> BaseModel:
            head, *rest = path
            value = items if not rest else put(getattr(obj, head), tuple(rest))
            return obj.model_copy(update={head: value})

        result = put(case, self.path)
        assert isinstance(result, Case)
        return result

    def build(self, data: dict[str, Any] | BaseModel) -> Any:
        """An item from form/API data; :class:`ServiceError` with located messages."""
        if isinstance(data, self.model):
            return data
        raw = data.model_dump(mode="json") if isinstance(data, BaseModel) else dict(data)
        labels = self.labels() if self.labels else None
        lists = self.list_labels() if self.list_labels else None
        return validated_or_refused(self.model, raw, labels, lists)


_KINDS: dict[str, ItemKind] = {}


def register(kind: ItemKind) -> ItemKind:
    """Register ``kind`` (once; a second registration of the same name is an error)."""
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"item kind {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def kinds() -> list[ItemKind]:
    """Every registered kind, in registration order."""
    return list(_KINDS.values())


def menu() -> dict[str, list[ItemKind]]:
    """The kinds with a generic menu entry, by menu group."""
    groups: dict[str, list[ItemKind]] = {}
    for kind in _KINDS.values():
        if kind.menu:
            groups.setdefault(kind.menu, []).append(kind)
    return groups


def get(name: str) -> ItemKind:
    return _KINDS[name]


def by_path(*path: str) -> ItemKind:
    """The kind whose list is at ``path`` (``by_path("costs")``)."""
    for kind in _KINDS.values():
        if kind.path == path:
            return kind
    raise KeyError(path)


def first_text(*attrs: str) -> Callable[[Any], str]:
    """A ``display`` function: the first non-empty of ``attrs`` (at most 80 characters)."""

    def name(item: Any) -> str:
        for attr in attrs:
            value = getattr(item, attr, None)
            if value:
                text = str(value)
                return text if len(text) <= 80 else text[:77] + "…"
        return str(getattr(item, "id", ""))

    return name


_NAME_FIELDS = ("name", "title", "label", "text")  # what a new item's id is made from

# -- the generic actions ----------------------------------------------------------------------


def item_token_of(case: Case, kind: ItemKind, item_id: Any) -> str:
    """Version token of one item ("" when there is no such item)."""
    item = kind.find(case, item_id) if item_id is not None else None
    return token(item) if item is not None else ""


def item_save(
    *,
    actor: Any,
    record: CaseRecord,
    kind: ItemKind,
    item_id: Any,
    data: dict[str, Any] | BaseModel,
    base: str = "",
    permission: str | None = None,
    keep: tuple[str, ...] = (),
) -> CaseRecord:
    """Add (``item_id`` None) or change one item of ``kind``.

    ``data`` is the item as a dict (validated here) or an already built model.  When
    ``item_id`` is given the item's key cannot change and ``base`` must be the token of the
    item the user saw; a new item's key must be unused in its list (the whole-case validation's
    uniqueness rule says so, as "Id X används redan.").  A new item without an
    id gets one from its name (:func:`oversyn.core.ids.unique_id`: "Ekonomi och stöd" →
    ``ekonomi-och-stod``, ``-2`` … when taken).  ``keep``: fields a change takes from the
    stored item instead of ``data`` (a goal's indicators, which its form does not carry).
    """

    def execute(case: Case) -> Change:
        items = kind.items(case)
        index = None
        if item_id is not None:
            index = next((i for i, o in enumerate(items) if getattr(o, kind.key) == item_id), None)
            if index is None:
                raise ConflictError(current=None)
            check_token(items[index], base)
        old = items[index] if index is not None else None
        raw = data.model_dump(mode="json") if isinstance(data, BaseModel) else dict(data)
        if item_id is not None:
            raw[kind.key] = item_id
            if old is not None:
                stored = old.model_dump(mode="json")
                raw.update({f: stored[f] for f in keep if f in stored})
        elif kind.key == "id" and not raw.get("id"):  # a new item named but without an id
            taken = {str(getattr(o, kind.key)) for o in items}
            if kind.id_from is not None:
                raw["id"] = unique_id(kind.id_from(raw), taken, "post")
            elif name := next((raw[f] for f in _NAME_FIELDS if raw.get(f)), None):
                raw["id"] = unique_id(str(name), taken)
        new = kind.build(raw)
        new_key = getattr(new, kind.key)
        if index is None:  # a key already in use: the core's uniqueness rule refuses it
            items.append(new)
        else:
            items[index] = new
        name = kind.display(new)
        return Change(
            case=kind.with_items(case, items),
            action=Action.CREATE if old is None else Action.UPDATE,
            object_type=kind.object_type,
            object_id=str(new_key),
            object_repr=name,
            before=old,
            after=new,
            message=(
                _("%(kind)s %(name)s lades till.")
                if old is None
                else _("%(kind)s %(name)s ändrades.")
            )
            % {"kind": kind.label(), "name": name},
        )

    return run(
        actor=actor, record=record, execute=execute, permission=permission or kind.permission
    )


def item_delete(
    *,
    actor: Any,
    record: CaseRecord,
    kind: ItemKind,
    item_id: Any,
    base: str,
    permission: str | None = None,
) -> CaseRecord:
    """Remove one item of ``kind`` (``base``: the token of the item the user saw)."""

    def execute(case: Case) -> Change:
        items = kind.items(case)
        old = kind.find(case, item_id)
        if old is None:
            raise ConflictError(current=None)
        check_token(old, base)
        if kind.delete_check is not None and (problems := kind.delete_check(case, old)):
            raise ServiceError(problems)
        items = [o for o in items if getattr(o, kind.key) != item_id]
        name = kind.display(old)
        after = kind.with_items(case, items)
        return Change(
            case=kind.on_delete(after, old) if kind.on_delete is not None else after,
            action=Action.DELETE,
            object_type=kind.object_type,
            object_id=str(item_id),
            object_repr=name,
            before=old,
            after=None,
            message=_("%(kind)s %(name)s togs bort.") % {"kind": kind.label(), "name": name},
        )

    return run(
        actor=actor, record=record, execute=execute, permission=permission or kind.permission
    )


def named_actions(
    name: str, arg: str, keep: tuple[str, ...] = ()
) -> tuple[Callable[..., CaseRecord], Callable[..., CaseRecord]]:
    """The save and delete of kind ``name`` as an app's own actions, the item addressed by the
    keyword ``arg``: ``audit_recommendation_save(actor=, record=, rec_id=, data=, base=)`` and
    ``audit_recommendation_delete(actor=, record=, rec_id=, base=)`` are
    :func:`item_save` and :func:`item_delete` (``keep``: see :func:`item_save`)."""

    def save(
        *,
        actor: Any,
        record: CaseRecord,
        data: dict[str, Any] | BaseModel,
        base: str = "",
        **item: Any,
    ) -> CaseRecord:
        return item_save(
            actor=actor,
            record=record,
            kind=get(name),
            item_id=item.pop(arg),
            data=data,
            base=base,
            keep=keep,
            **item,
        )

    def delete(*, actor: Any, record: CaseRecord, base: str, **item: Any) -> CaseRecord:
        return item_delete(
            actor=actor, record=record, kind=get(name), item_id=item.pop(arg), base=base, **item
        )

    return save, delete


def list_kind(
    name: str,
    model: type[BaseModel],
    field: str | tuple[str, ...],
    label: Callable[[], str],
    plural: Callable[[], str],
    display: Callable[[Any], str],
    **options: Any,
) -> ItemKind:
    """A kind whose list is the case's top-level ``field`` (audited as ``field``), or a list
    inside a part of the case, ``("evaluation", "gates")`` (audited as ``name``);
    ``object_type=`` says otherwise."""
    path = (field,) if isinstance(field, str) else field
    options.setdefault("object_type", field if isinstance(field, str) else name)
    return ItemKind(
        name=name, model=model, path=path, label=label, plural=plural, display=display, **options
    )


# -- the same actions addressed by the case's list name ("costs", "goals" …) -----------------


def item_token(case: Case, field: str, item_id: str | None) -> str:
    """Version token of one item of a process list ("" when there is no such item)."""
    return item_token_of(case, by_path(field), item_id)


def case_item_save(
    *,
    actor: Any,
    record: CaseRecord,
    field: str,
    item_id: str | None,
    data: dict[str, Any] | BaseModel,
    base: str = "",
    permission: str = EDIT,
) -> CaseRecord:
    """Add (``item_id`` None) or change one item of the case's list ``field`` (the kind
    registered for it): :func:`oversyn.web.platform.registry.item_save`."""
    return item_save(
        actor=actor,
        record=record,
        kind=by_path(field),
        item_id=item_id,
        data=data,
        base=base,
        permission=permission,
    )


def case_item_delete(
    *, actor: Any, record: CaseRecord, field: str, item_id: str, base: str
) -> CaseRecord:
    """Remove one item of the case's list ``field`` (``base``: the token the user saw)."""
    return item_delete(actor=actor, record=record, kind=by_path(field), item_id=item_id, base=base)

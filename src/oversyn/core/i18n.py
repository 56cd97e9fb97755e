"""Message catalogue for the core and io layers: Swedish first, English second.

The core never imports Django, so it cannot use Django's gettext machinery.  Every message
the core produces (validation errors, operation errors, checks, diff sentences) is looked up
here by a stable code, which is also what machines see (``--json``).  The web layer shows the
same texts; Django i18n covers the web layer's own templates.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["sv", "en"]
DEFAULT_LANG: Lang = "sv"

# code -> (Swedish, English).  Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- case file / validation ------------------------------------------------------------
    "yaml_syntax": (
        "YAML-filen kan inte läsas: {problem}",
        "The YAML file cannot be read: {problem}",
    ),
    "file_not_found": ("Filen finns inte: {path}", "File not found: {path}"),
    "file_encoding": (
        "Filen är inte giltig UTF-8: {problem}",
        "The file is not valid UTF-8: {problem}",
    ),
    "not_a_mapping": (
        "Ärendefilen måste börja med en mappning (nyckel: värde), inte {kind}",
        "The case file must be a mapping (key: value), not {kind}",
    ),
    "duplicate_id": (
        "Id {id!r} används mer än en gång bland {kind}",
        "Id {id!r} is used more than once among {kind}",
    ),
    "unknown_ref": (
        "{kind} {id!r} finns inte i organisationen",
        "{kind} {id!r} does not exist in the organisation",
    ),
    "unit_both_parent_and_administration": (
        "Enheten {id!r} anger både förvaltning och överordnad enhet; ange bara en av dem",
        "Unit {id!r} gives both an administration and a parent unit; give only one",
    ),
    "unit_parent_cycle": (
        "Enheterna bildar en cykel: {cycle}",
        "The units form a cycle: {cycle}",
    ),
    "interaction_self": (
        "Samverkan från {id!r} till sig själv är inte meningsfull",
        "An interaction from {id!r} to itself is meaningless",
    ),
    "journey_too_short": (
        "Kedjan {id!r} måste ha minst två steg",
        "Journey {id!r} needs at least two steps",
    ),
    "reserved_alternative_id": (
        "Id {id!r} är reserverat för nuläget",
        "Id {id!r} is reserved for the baseline",
    ),
    "unknown_alternative": (
        "Alternativet {id!r} finns inte i ärendet",
        "Alternative {id!r} does not exist in the case",
    ),
    "unknown_party": (
        "{party!r} är inte en av remissens instanser",
        "{party!r} is not one of the consultation's parties",
    ),
    "unknown_checklist_item": (
        "Checklistan har ingen punkt {id!r}",
        "The checklist has no item {id!r}",
    ),
    "unknown_based_on": (
        "Alternativet {id!r} bygger på {based_on!r}, som inte finns före det i listan",
        "Alternative {id!r} is based on {based_on!r}, which is not defined before it",
    ),
    # pydantic error types ------------------------------------------------------------------
    "pyd_missing": ("Fältet saknas men är obligatoriskt", "Required field is missing"),
    "pyd_extra_forbidden": (
        "Okänt fält (stavfel?)",
        "Unknown field (misspelt?)",
    ),
    "pyd_float": ("Ska vara ett tal, fick {input!r}", "Must be a number, got {input!r}"),
    "pyd_int": ("Ska vara ett heltal, fick {input!r}", "Must be a whole number, got {input!r}"),
    "pyd_bool": (
        "Ska vara true eller false, fick {input!r}",
        "Must be true or false, got {input!r}",
    ),
    "pyd_string": ("Ska vara text, fick {input!r}", "Must be text, got {input!r}"),
    "pyd_string_yaml_bool": (
        "Ska vara text, fick {input!r}: YAML läser on/off/yes/no som sant/falskt – skriv "
        "värdet inom citattecken, t.ex. 'on'",
        "Must be text, got {input!r}: YAML reads on/off/yes/no as true/false – quote the "
        "value, e.g. 'on'",
    ),
    "pyd_list": ("Ska vara en lista, fick {input!r}", "Must be a list, got {input!r}"),
    "pyd_dict": (
        "Ska vara en mappning (nyckel: värde), fick {input!r}",
        "Must be a mapping (key: value), got {input!r}",
    ),
    "pyd_enum": (
        "Otillåtet värde {input!r}; tillåtna: {expected}",
        "Value {input!r} not allowed; allowed: {expected}",
    ),
    "pyd_union_tag_invalid": (
        "Okänd operation {input!r}; tillåtna: {expected}",
        "Unknown operation {input!r}; allowed: {expected}",
    ),
    "pyd_union_tag_not_found": (
        "Operationen saknar fältet 'op'",
        "The operation lacks the field 'op'",
    ),
    "pyd_greater_than_equal": (
        "Ska vara minst {ge}, fick {input!r}",
        "Must be at least {ge}, got {input!r}",
    ),
    "pyd_less_than_equal": (
        "Ska vara högst {le}, fick {input!r}",
        "Must be at most {le}, got {input!r}",
    ),
    "pyd_string_pattern_mismatch": (
        "Har fel form {input!r} (ska matcha {pattern})",
        "Has the wrong form {input!r} (must match {pattern})",
    ),
    "pyd_too_short": (
        "Har för få element (minst {min_length})",
        "Has too few items (at least {min_length})",
    ),
    "pyd_date": (
        "Ska vara ett datum ÅÅÅÅ-MM-DD, fick {input!r}",
        "Must be a date YYYY-MM-DD, got {input!r}",
    ),
    "pyd_string_too_short": ("Får inte vara tomt", "Must not be empty"),
    "pyd_value_error": ("{error}", "{error}"),
    "pyd_other": ("{msg}", "{msg}"),
    # --- operations ------------------------------------------------------------------------
    "op_unknown_unit": ("enheten {id!r} finns inte", "unit {id!r} does not exist"),
    "op_unknown_administration": (
        "förvaltningen {id!r} finns inte",
        "administration {id!r} does not exist",
    ),
    "op_unknown_committee": ("nämnden {id!r} finns inte", "committee {id!r} does not exist"),
    "op_unknown_service_area": (
        "verksamhetsområdet {id!r} finns inte",
        "service area {id!r} does not exist",
    ),
    "op_exists": ("{kind} {id!r} finns redan", "{kind} {id!r} already exists"),
    "op_move_target": (
        "ange precis ett av to_administration och to_parent",
        "give exactly one of to_administration and to_parent",
    ),
    "op_move_under_itself": (
        "enheten {id!r} kan inte flyttas under sig själv eller en egen underenhet ({target!r})",
        "unit {id!r} cannot be moved under itself or one of its own sub-units ({target!r})",
    ),
    "op_merge_too_few": (
        "en sammanslagning kräver minst två förvaltningar",
        "a merge needs at least two administrations",
    ),
    "op_merge_units_too_few": (
        "en sammanslagning kräver minst två enheter",
        "a merge needs at least two units",
    ),
    "diff_units_merged": (
        "Enheterna {srcs} slås samman till {dst}.",
        "The units {srcs} are merged into {dst}.",
    ),
    "op_split_unassigned": (
        "enheterna {ids} i {adm!r} fördelas inte till någon del",
        "units {ids} of {adm!r} are not assigned to any part",
    ),
    "op_split_not_top": (
        "enheten {id!r} är inte en enhet direkt under {adm!r}",
        "unit {id!r} is not a top-level unit of {adm!r}",
    ),
    "op_split_twice": (
        "enheten {id!r} fördelas till mer än en del",
        "unit {id!r} is assigned to more than one part",
    ),
    "op_split_too_few": (
        "en delning kräver minst två delar",
        "a split needs at least two parts",
    ),
    "op_administration_not_empty": (
        "förvaltningen {id!r} har fortfarande enheter: {ids}",
        "administration {id!r} still has units: {ids}",
    ),
    "op_unit_has_children": (
        "enheten {id!r} har underenheter {ids}; flytta dem först eller ange children_to",
        "unit {id!r} has sub-units {ids}; move them first or give children_to",
    ),
    "op_not_supported": (
        "förvaltningen {adm!r} stödjer inte nämnden {id!r}",
        "administration {adm!r} does not support committee {id!r}",
    ),
    "op_failed": (
        "Alternativ {alt!r}, operation {index} ({op}): {reason}",
        "Alternative {alt!r}, operation {index} ({op}): {reason}",
    ),
    # --- checks ----------------------------------------------------------------------------
    "authority_law_not_in_mandate": (
        "Enheten {unit} utövar myndighet enligt {law}, men ingen nämnd som {adm} stödjer har {law} "
        "i sitt reglemente",
        "Unit {unit} exercises authority under {law}, but no committee supported by {adm} has "
        "{law} in its mandate",
    ),
    "service_area_no_owner": (
        "Verksamhetsområdet {area} har enheter men ingen nämnd har det i sitt reglemente",
        "Service area {area} has units but no committee has it in its mandate",
    ),
    "service_area_several_owners": (
        "Verksamhetsområdet {area} delas mellan nämnderna {owners} (inget samlat helhetsansvar)",
        "Service area {area} is shared between the committees {owners} (no single owner)",
    ),
    "service_area_split_administrations": (
        "Myndighetsutövning och beställning inom {area} är uppdelad på förvaltningarna {adms}",
        "Authority and commissioning within {area} are split over the administrations {adms}",
    ),
    "orphan_unit": (
        "Enheten {unit} hör inte till någon förvaltning",
        "Unit {unit} belongs to no administration",
    ),
    "empty_administration": (
        "Förvaltningen {adm} har inga enheter",
        "Administration {adm} has no units",
    ),
    "administration_without_committee": (
        "Förvaltningen {adm} stödjer ingen nämnd",
        "Administration {adm} supports no committee",
    ),
    "committee_without_administration": (
        "Nämnden {committee} har verksamhet i sitt reglemente men stöds inte av någon förvaltning",
        "Committee {committee} has service areas in its mandate but no administration supports it",
    ),
    "no_manager_data": (
        "Chefer saknas i underlaget; kontrollspann och chefsnivåer beräknas inte",
        "No managers in the data; span of control and layers are not computed",
    ),
    "interaction_data_estimated": (
        "{share} av samverkansvikten bygger på uppskattningar, inte mätningar",
        "{share} of the interaction weight is estimated, not measured",
    ),
    "no_interaction_data": (
        "Samverkansdata saknas; andelen gränsöverskridande samverkan beräknas inte",
        "No interaction data; the cross-boundary interaction share is not computed",
    ),
    # --- diff ------------------------------------------------------------------------------
    "diff_no_change": ("Inga skillnader i organisationen.", "No differences in the organisation."),
    "diff_unit_moved": (
        "{unit} flyttas från {src} till {dst}.",
        "{unit} moves from {src} to {dst}.",
    ),
    "diff_unit_created": ("Ny enhet: {unit} i {dst}.", "New unit: {unit} in {dst}."),
    "diff_unit_removed": ("Enheten {unit} avvecklas.", "Unit {unit} is abolished."),
    "diff_unit_renamed": ("Enheten {old} byter namn till {new}.", "Unit {old} is renamed {new}."),
    "diff_adm_merged": (
        "Förvaltningarna {srcs} slås samman till {dst}.",
        "The administrations {srcs} are merged into {dst}.",
    ),
    "diff_adm_split": (
        "{src} delas i {dsts}.",
        "{src} is split into {dsts}.",
    ),
    "diff_adm_created": ("Ny förvaltning: {adm}.", "New administration: {adm}."),
    "diff_adm_removed": ("Förvaltningen {adm} upphör.", "Administration {adm} is discontinued."),
    "diff_adm_renamed": (
        "Förvaltningen {old} byter namn till {new}.",
        "Administration {old} is renamed {new}.",
    ),
    "diff_adm_support": (
        "{adm} stödjer {now} (tidigare {before}).",
        "{adm} supports {now} (previously {before}).",
    ),
    "diff_com_created": ("Ny nämnd: {committee}.", "New committee: {committee}."),
    "diff_com_removed": ("Nämnden {committee} avvecklas.", "Committee {committee} is abolished."),
    "diff_com_renamed": (
        "Nämnden {old} byter namn till {new}.",
        "Committee {old} is renamed {new}.",
    ),
    "diff_com_mandate_added": (
        "{committee} får ansvar för {items}.",
        "{committee} becomes responsible for {items}.",
    ),
    "diff_com_mandate_removed": (
        "{committee} lämnar ansvaret för {items}.",
        "{committee} gives up responsibility for {items}.",
    ),
    "diff_com_laws_added": (
        "{committee} får ansvar enligt {items}.",
        "{committee} becomes responsible under {items}.",
    ),
    "diff_com_laws_removed": (
        "{committee} har inte längre ansvar enligt {items}.",
        "{committee} is no longer responsible under {items}.",
    ),
    "diff_unit_fte": (
        "Årsarbetare i {unit}: {before} → {after} ({delta}).",
        "FTE in {unit}: {before} → {after} ({delta}).",
    ),
    "diff_unit_budget": (
        "Budget för {unit}: {before} → {after} mnkr ({delta}).",
        "Budget of {unit}: {before} → {after} MSEK ({delta}).",
    ),
    "diff_unit_functions": (
        "{unit} får funktionerna {now} (tidigare {before}).",
        "{unit} gets the functions {now} (previously {before}).",
    ),
    "diff_unit_areas": (
        "{unit} arbetar inom {now} (tidigare {before}).",
        "{unit} works in {now} (previously {before}).",
    ),
    "diff_unit_manager": (
        "Chef för {unit}: {before} → {after}.",
        "Manager of {unit}: {before} → {after}.",
    ),
    "diff_total_fte": (
        "Årsarbetare totalt: {before} → {after} ({delta}).",
        "FTE in total: {before} → {after} ({delta}).",
    ),
    "diff_total_budget": (
        "Budget totalt: {before} → {after} mnkr ({delta}).",
        "Budget in total: {before} → {after} MSEK ({delta}).",
    ),
    "none": ("ingen", "none"),
    "and": ("och", "and"),
}


KIND_LABELS: dict[str, tuple[str, str]] = {
    "unit": ("enheten", "unit"),
    "administration": ("förvaltningen", "administration"),
    "committee": ("nämnden", "committee"),
    "service_area": ("verksamhetsområdet", "service area"),
    "units": ("enheter", "units"),
    "administrations": ("förvaltningar", "administrations"),
    "committees": ("nämnder", "committees"),
    "service_areas": ("verksamhetsområden", "service areas"),
    "journeys": ("kedjor", "journeys"),
    "alternatives": ("alternativ", "alternatives"),
    "remisses": ("remisser", "consultations"),
    "parties": ("remissinstanser", "consulted parties"),
    "responses": ("remissvar", "consultation answers"),
    "swot": ("SWOT-analyser (alternativ)", "SWOT analyses (alternatives)"),
    "costs": ("kostnadsposter", "cost lines"),
    "risks": ("risker", "risks"),
    "decisions": ("beslut", "decisions"),
    "audit_recommendations": ("revisionsrekommendationer", "audit recommendations"),
    "responsibilities": ("ansvarsområden", "responsibility areas"),
    "goals": ("mål", "goals"),
    "transfers": ("budgetramsöverföringar", "budget frame transfers"),
    "indicators": ("indikatorer", "indicators"),
    "checklist": ("checklistepunkter", "checklist items"),
}


def register_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Add a module's own messages (code -> (Swedish, English)); codes must be new."""
    clash = set(messages) & set(MESSAGES)
    if clash:
        raise ValueError(f"message codes already registered: {sorted(clash)}")
    MESSAGES.update(messages)


def kind_label(kind: str, lang: Lang = DEFAULT_LANG) -> str:
    """The word for an object kind ('unit' -> 'enheten')."""
    sv, en = KIND_LABELS.get(kind, (kind, kind))
    return sv if lang == "sv" else en


def t(code: str, lang: Lang = DEFAULT_LANG, /, **kwargs: object) -> str:
    """Return the message ``code`` in ``lang`` with its placeholders filled in.

    A ``kind`` parameter naming an object kind ('unit', 'committees' …) is put into words.
    """
    sv, en = MESSAGES[code]
    template = sv if lang == "sv" else en
    kind = kwargs.get("kind")
    if isinstance(kind, str):
        kwargs = {**kwargs, "kind": kind_label(kind, lang)}
    text = template.format(**kwargs)
    return text[:1].upper() + text[1:] if template.startswith("{kind}") else text


def join_words(items: list[str], lang: Lang = DEFAULT_LANG) -> str:
    """Join names as a reader writes them: "A, B och C" (Swedish) / "A, B and C" (English)."""
    if not items:
        return t("none", lang)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]

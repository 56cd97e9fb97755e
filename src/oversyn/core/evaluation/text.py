"""Messages of the evaluation (validation errors and result sentences), Swedish and English."""

from __future__ import annotations

from oversyn.core.i18n import register_messages

MESSAGES: dict[str, tuple[str, str]] = {
    # --- validation --------------------------------------------------------------------------
    "eval_unknown_alternative": (
        "Alternativet {id!r} finns inte i ärendet (finns: {known})",
        "Alternative {id!r} does not exist in the case (known: {known})",
    ),
    "eval_not_evaluated": (
        "Alternativet {id!r} ingår inte bland de värderade alternativen",
        "Alternative {id!r} is not among the evaluated alternatives",
    ),
    "eval_duplicate_id": (
        "Id {id!r} används för mer än ett kriterium eller en bedömare",
        "Id {id!r} is used for more than one criterion or assessor",
    ),
    "eval_unknown_assessor": (
        "Bedömaren {id!r} finns inte under evaluation.assessors",
        "Assessor {id!r} is not listed under evaluation.assessors",
    ),
    "eval_unknown_criterion": (
        "Kriteriet {id!r} finns inte",
        "Criterion {id!r} does not exist",
    ),
    "eval_not_a_principle": (
        "{id!r} är inte en princip; poäng ges bara på principer (mått beräknas, krav besvaras "
        "med ja/nej/delvis)",
        "{id!r} is not a principle; scores are given on principles only (metrics are computed, "
        "gates are answered yes/no/partly)",
    ),
    "eval_score_out_of_scale": (
        "Poängen {score} ligger utanför skalan {min}–{max}",
        "Score {score} is outside the scale {min}–{max}",
    ),
    "eval_scale_empty": (
        "Skalans max ({max}) måste vara större än min ({min})",
        "The scale's max ({max}) must be greater than its min ({min})",
    ),
    "eval_duplicate_assessment": (
        "{assessor!r} har redan poängsatt {alternative!r} på {criterion!r}",
        "{assessor!r} has already scored {alternative!r} on {criterion!r}",
    ),
    "eval_duplicate_gate_result": (
        "Kravet har redan ett svar för {id!r}",
        "The gate already has an answer for {id!r}",
    ),
    "eval_duplicate_decision": (
        "Det finns redan ett beslut om {id!r}",
        "There is already a decision about {id!r}",
    ),
    "eval_unknown_metric": (
        "Måttet {name!r} finns inte i strukturanalysen (finns t.ex.: {known}) och är inte "
        "årskostnaden (yearly_cost eller yearly_cost:ÅÅÅÅ)",
        "Metric {name!r} is not computed by the structural analysis (e.g.: {known}) and is not "
        "the yearly cost (yearly_cost or yearly_cost:YYYY)",
    ),
    "eval_metric_source": (
        "Ange antingen metric (ett analysmått) eller values (inmatade värden), inte båda",
        "Give either metric (an analysis metric) or values (entered values), not both",
    ),
    "eval_metric_no_source": (
        "Ange metric (ett analysmått) eller values (inmatade värden)",
        "Give metric (an analysis metric) or values (entered values)",
    ),
    "eval_cost_metric_no_costs": (
        "Kriteriet bygger på årskostnaden men ärendet har inga kostnadsposter (costs)",
        "The criterion uses the yearly cost but the case has no cost lines (costs)",
    ),
    "eval_cost_metric_year": (
        "Kostnadsposterna gäller åren {first}–{last}, inte {year}",
        "The cost lines cover the years {first}–{last}, not {year}",
    ),
    "eval_metric_direction": (
        "Ange direction (higher eller lower): vilket håll är bättre?",
        "Give direction (higher or lower): which way is better?",
    ),
    "eval_value_function": (
        "Värdefunktionen: worst och best måste skilja sig, och points vara sorterade efter värde",
        "Value function: worst and best must differ and points be sorted by value",
    ),
    "eval_weight_unknown": (
        "Vikten gäller {id!r}, som inte är en princip eller ett mått",
        "The weight refers to {id!r}, which is not a principle or metric",
    ),
    "eval_weight_missing": (
        "Vikt saknas för {ids}",
        "No weight given for {ids}",
    ),
    "eval_weight_negative": (
        "Vikter får inte vara negativa, och minst en måste vara större än noll",
        "Weights must not be negative, and at least one must be above zero",
    ),
    "eval_order_incomplete": (
        "Viktordningen ska nämna varje princip och mått exakt en gång; saknas: {missing}",
        "The order of importance must name each principle and metric once; missing: {missing}",
    ),
    "eval_interval_invalid": (
        "Intervallet ska ligga inom 0–1 med lägsta ≤ högsta, fick {low}–{high}",
        "The interval must lie within 0–1 with low ≤ high, got {low}–{high}",
    ),
    "eval_intervals_infeasible": (
        "Viktintervallen går inte att uppfylla: summan av de lägsta är {low}, av de högsta "
        "{high}; vikterna summerar till 1",
        "The weight intervals cannot be met: the lows sum to {low}, the highs to {high}; the "
        "weights sum to 1",
    ),
    # --- result sentences --------------------------------------------------------------------
    "eval_s_fails_gate": (
        "{alt} uppfyller inte {level}-kravet ”{gate}”.",
        "{alt} fails the {level} gate “{gate}”.",
    ),
    "eval_s_excluded_rule": (
        "{alt} utesluts enligt regeln: Nej på ska-krav ({gates}).",
        "{alt} is excluded by rule: No on a must gate ({gates}).",
    ),
    "eval_s_excluded_decision": (
        "{alt} utesluts genom beslut{by}: {motivation}",
        "{alt} is excluded by decision{by}: {motivation}",
    ),
    "eval_s_kept_decision": (
        "{alt} behålls genom beslut{by}: {motivation}",
        "{alt} is kept by decision{by}: {motivation}",
    ),
    "eval_s_conflict_keep": (
        "Observera: {alt} har Nej på ska-krav ({gates}) men har behållits genom beslut{by}.",
        "Note: {alt} has No on a must gate ({gates}) but has been kept by decision{by}.",
    ),
    "eval_s_conflict_exclude": (
        "Observera: {alt} klarar alla ska-krav men har uteslutits genom beslut{by}.",
        "Note: {alt} passes every must gate but has been excluded by decision{by}.",
    ),
    "eval_s_by": (" av {name}", " by {name}"),
    "eval_s_score": (
        "{alt} får {score} poäng (rang {rank}).",
        "{alt} scores {score} points (rank {rank}).",
    ),
    "eval_s_recommended": (
        "Rekommendation enligt viktad summa: {alt}.",
        "Recommendation by weighted sum: {alt}.",
    ),
    "eval_s_tie": (
        "Oavgjort mellan {alts}: den viktade summan skiljer dem inte åt.",
        "A tie between {alts}: the weighted sum does not separate them.",
    ),
    "eval_s_only_remaining": (
        "Efter de grundläggande utgångspunkterna återstår bara {alt}; det är värderingens "
        "resultat.",
        "After the gates only {alt} remains; that is the assessment's result.",
    ),
    "eval_s_all_excluded": (
        "Alla förändringsalternativ utesluts av de grundläggande utgångspunkterna; värderingens "
        "resultat är {alt}: organisationen behålls.",
        "The gates exclude every alternative for change; the assessment's result is {alt}: the "
        "organisation is kept.",
    ),
    "eval_s_conclusion": (
        "Värderingens slutsats: {alt}.",
        "The assessment's conclusion: {alt}.",
    ),
    "eval_s_conclusion_agrees": (
        "Beräkningen stämmer med underlagets slutsats ({alt}).",
        "The calculation agrees with the document's conclusion ({alt}).",
    ),
    "eval_s_conclusion_differs": (
        "Beräkningen ({computed}) skiljer sig från underlagets slutsats ({alt}).",
        "The calculation ({computed}) differs from the document's conclusion ({alt}).",
    ),
    "eval_s_spread": (
        "Bedömarna är oeniga om {alt} på ”{criterion}”: poängen sträcker sig från {low} till "
        "{high}.",
        "The assessors disagree about {alt} on “{criterion}”: scores range from {low} to {high}.",
    ),
    "eval_s_second_same": (
        "{method} ger samma etta: {alt}.",
        "{method} puts the same alternative first: {alt}.",
    ),
    "eval_s_second_differs": (
        "{method} rankar {alt} först, inte {winner}: resultatet beror på metoden.",
        "{method} ranks {alt} first, not {winner}: the result depends on the method.",
    ),
    "eval_s_smaa_first": (
        "{alt} rankas först i {share} av viktningarna.",
        "{alt} ranks first in {share} of the weightings.",
    ),
    "eval_s_smaa_never": (
        "{alt} rankas aldrig först, hur vikterna än väljs.",
        "{alt} never ranks first, whatever the weights.",
    ),
    "eval_s_central": (
        "{alt} vinner typiskt med vikterna {weights}; med dem vinner {alt} i {confidence} av "
        "fallen (konfidensfaktor).",
        "{alt} typically wins with the weights {weights}; with them {alt} wins in {confidence} "
        "of cases (confidence factor).",
    ),
    "eval_s_sens_interval": (
        "{alt} vinner så länge vikten för ”{criterion}” ligger mellan {low} och {high} "
        "(nu {current}).",
        "{alt} stays the winner as long as the weight of “{criterion}” lies between {low} and "
        "{high} (now {current}).",
    ),
    "eval_s_sens_all": (
        "{alt} förblir vinnare hur vikten för vilken som helst enskild princip eller mått än "
        "ändras (övriga vikter skalas om i proportion).",
        "{alt} stays the winner however the weight of any single criterion is changed (the "
        "other weights rescaled in proportion).",
    ),
    "eval_s_unscored": (
        "Inga fullständiga poäng ännu: {criteria} väntar på bedömning.",
        "No complete scores yet: {criteria} await assessment.",
    ),
    "eval_s_sens_any": (
        "{alt} vinner oavsett vikten för ”{criterion}”.",
        "{alt} wins whatever the weight of “{criterion}”.",
    ),
}

register_messages(MESSAGES)

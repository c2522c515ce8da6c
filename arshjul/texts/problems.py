"""What `arshjul validate` and every file check say: one message per problem code."""

from __future__ import annotations

PROBLEMS: dict[str, dict[str, str]] = {
    "yaml_syntax": {"sv": "YAML-syntaxfel: {detail}", "en": "YAML syntax error: {detail}"},
    "unreadable": {"sv": "filen kan inte läsas: {detail}", "en": "cannot read file: {detail}"},
    "file_missing": {"sv": "filen finns inte", "en": "no such file"},
    "file_not_regular": {
        "sv": "inte en vanlig fil (en symbolisk länk, en mapp eller en enhet)",
        "en": "not a regular file (a symbolic link, a folder or a device)",
    },
    "file_unreadable": {
        "sv": "filen kan inte läsas ({detail})",
        "en": "cannot read the file ({detail})",
    },
    "file_too_large": {
        "sv": "{size} byte, större än gränsen {limit} byte; filen lästes inte",
        "en": "{size} bytes, over the limit of {limit} bytes; the file was not read",
    },
    "wrong_type": {
        "sv": "fel typ: väntade {expected}, fick {got}",
        "en": "wrong type: expected {expected}, got {got}",
    },
    "missing_field": {
        "sv": "obligatoriskt fält saknas (väntade {expected})",
        "en": "required field missing (expected {expected})",
    },
    "unknown_field": {
        "sv": "okänt fält; tillåtna är {allowed}",
        "en": "unknown field; allowed are {allowed}",
    },
    "out_of_range": {
        "sv": "värdet {value} ligger utanför {low}..{high}",
        "en": "value {value} is outside {low}..{high}",
    },
    "bad_choice": {
        "sv": "ogiltigt värde '{value}'; väntade ett av {expected}",
        "en": "invalid value '{value}'; expected one of {expected}",
    },
    "bad_value": {
        "sv": "ogiltigt värde '{value}'; väntade {expected}",
        "en": "invalid value '{value}'; expected {expected}",
    },
    "bad_rule": {
        "sv": "ogiltig tidsregel; väntade {expected}",
        "en": "invalid deadline rule; expected {expected}",
    },
    "too_large": {
        "sv": "filen har {size} tecken, fler än gränsen {limit}",
        "en": "the file has {size} characters, more than the limit of {limit}",
    },
    "too_many": {
        "sv": "{count} poster, fler än gränsen {limit}",
        "en": "{count} entries, more than the limit of {limit}",
    },
    "too_many_planned": {
        "sv": "cykeln skulle få fler än {limit} milstolpar (upprepningar inräknade)",
        "en": "the cycle would have more than {limit} milestones (repetitions included)",
    },
    "too_many_deliverables": {
        "sv": "cykeln skulle få {count} leveranser, fler än gränsen {limit}",
        "en": "the cycle would have {count} deliverables, more than the limit of {limit}",
    },
    "control_character": {
        "sv": "styrtecknet {char} är inte tillåtet här (det kan lägga till rader i ett "
        "e-posthuvud); skriv texten på en rad",
        "en": "the control character {char} is not allowed here (it could add lines to a "
        "mail header); write the text on one line",
    },
    "duplicate_key": {
        "sv": "nyckeln '{value}' används redan",
        "en": "key '{value}' is already used",
    },
    "unknown_body": {
        "sv": "okänt organ '{value}'; kända är {known}",
        "en": "unknown body '{value}'; known are {known}",
    },
    "unknown_meeting": {
        "sv": "okänt sammanträde '{value}'; kända är {known}",
        "en": "unknown meeting '{value}'; known are {known}",
    },
    "unknown_milestone": {
        "sv": "okänd milstolpe '{value}'; kända är {known}",
        "en": "unknown milestone '{value}'; known are {known}",
    },
    "dependency_cycle": {
        "sv": "beroendena bildar en cirkel: {cycle}",
        "en": "dependencies form a cycle: {cycle}",
    },
    "uncomputable": {
        "sv": "datumet kan inte beräknas för budgetår {budget_year}: {detail}",
        "en": "the date cannot be computed for budget year {budget_year}: {detail}",
    },
    "meeting_not_held": {
        "sv": "{milestone} räknas från sammanträdet {meeting}, som inte hålls budgetår "
        "{budget_year}; begränsa milstolpen till samma år",
        "en": "{milestone} counts from meeting {meeting}, which is not held for budget year "
        "{budget_year}; limit the milestone to the same years",
    },
    "anchor_absent": {
        "sv": "{milestone} räknas från {anchor}, som inte finns budgetår {budget_year}",
        "en": "{milestone} counts from {anchor}, which is absent for budget year {budget_year}",
    },
    "no_calendar": {
        "sv": "{body} har ingen sammanträdesplan (calendars:)",
        "en": "{body} has no meeting calendar (calendars:)",
    },
    "series_rule": {
        "sv": "fel regel för serien; väntade {expected}",
        "en": "wrong rule for the series; expected {expected}",
    },
    "anchor_expands": {
        "sv": "'{value}' är en serie med flera datum och kan inte vara ankare",
        "en": "'{value}' is a series with several dates and cannot be an anchor",
    },
    "outside_cycle": {
        "sv": "datumet {date} ligger utanför cykeln för budgetår {budget_year} ({starts}..{ends})",
        "en": "date {date} lies outside the cycle for budget year {budget_year} ({starts}..{ends})",
    },
    "template_syntax": {"sv": "mallfel: {detail}", "en": "template syntax error: {detail}"},
    "template_render": {
        "sv": "mallen kan inte fyllas i: {detail}",
        "en": "the template cannot be rendered: {detail}",
    },
    "template_link": {
        "sv": "används inte: {detail} (mallar ska vara vanliga filer i mappen)",
        "en": "not used: {detail} (templates must be plain files inside the folder)",
    },
    "template_unsafe": {
        "sv": "{construct} är inte tillåtet i en kommuns mall (det stänger av skyddet mot "
        "HTML i data eller kan låsa utskicken); mallen används inte",
        "en": "{construct} is not allowed in a municipality's template (it turns off the "
        "escaping of data or could stall the sweep); the template is not used",
    },
    "template_unknown_file": {
        "sv": "okänd mallfil; väntade {expected}",
        "en": "unknown template file; expected {expected}",
    },
    "unknown_goal": {
        "sv": "'{value}' är inget av de 17 globala målen (ange nummer 1–17 eller namn)",
        "en": "'{value}' is none of the 17 global goals (give 1–17 or a name)",
    },
    "duplicate_goal": {
        "sv": "mål {number} är redan valt ('{value}')",
        "en": "goal {number} is already chosen ('{value}')",
    },
    "too_many_goals": {
        "sv": "{count} mål {count|valt|valda}; högst {max}",
        "en": "{count} {count|goal|goals} chosen; at most {max}",
    },
    "no_goals": {"sv": "inga globala mål valda", "en": "no global goals chosen"},
    "missing_statement": {
        "sv": "beskrivning saknas för {goal}",
        "en": "statement missing for {goal}",
    },
    "empty_statement": {"sv": "beskrivningen är tom", "en": "the statement is empty"},
    "statement_for_unchosen_goal": {
        "sv": "beskrivning för '{value}', som inte är ett valt mål",
        "en": "statement for '{value}', which is not a chosen goal",
    },
    "unknown_vision_area": {
        "sv": "okänt visionsområde '{value}'; kända är {known}",
        "en": "unknown vision area '{value}'; known are {known}",
    },
    "unknown_selector": {
        "sv": "'{value}' är ingen grupp av organ; kända är {known}",
        "en": "'{value}' is no group of bodies; known are {known}",
    },
    "empty_selection": {
        "sv": "'{value}' omfattar inget organ i mallen",
        "en": "'{value}' stands for no body in the template",
    },
    "except_unmatched": {
        "sv": "'{value}' undantas men är inte ansvarig; ansvariga är {chosen}",
        "en": "'{value}' is excepted but not responsible; responsible are {chosen}",
    },
    "nobody_responsible": {
        "sv": "inget organ är kvar när undantagen (except) dragits ifrån",
        "en": "no body is left once the exceptions (except) are taken out",
    },
    "deadline_for_not_responsible": {
        "sv": "'{value}' har en egen tidsfrist men är inte ansvarig; ansvariga är {chosen}",
        "en": "'{value}' has a deadline of its own but is not responsible; responsible are "
        "{chosen}",
    },
    "not_a_series": {
        "sv": "'{value}': {milestone} är en enda leverans, ingen serie; skriv bara {milestone}",
        "en": "'{value}': {milestone} is a single deliverable, not a series; write {milestone}",
    },
    "unknown_instance": {
        "sv": "'{value}' finns inte i serien; kända är {known}",
        "en": "'{value}' is not in the series; known are {known}",
    },
    "optional_law": {
        "sv": "en frivillig milstolpe kan inte vara ett lagkrav ({law}); ta bort optional "
        "eller law",
        "en": "an optional milestone cannot be a legal requirement ({law}); remove optional or law",
    },
    "joint_host_partner": {
        "sv": "värdkommunen {municipality} står också bland de samverkande kommunerna",
        "en": "the host municipality {municipality} is also among the partners",
    },
    "joint_not_ours": {
        "sv": "kommun {municipality} är varken värd för eller samverkar i {body}",
        "en": "municipality {municipality} neither hosts nor shares {body}",
    },
    "joint_no_partners": {
        "sv": "den gemensamma nämnden {body} har inga samverkande kommuner (partners)",
        "en": "the gemensam nämnd {body} has no partner municipalities (partners)",
    },
    "meeting_on_day_off": {
        "sv": "{body}s sammanträde {date} ({meeting}) infaller på en helgdag: {day}",
        "en": "{body}'s meeting on {date} ({meeting}) falls on a day off: {day}",
    },
    "period_not_ended": {
        "sv": "{milestone} lämnas {date}, innan perioden den redovisar har slutat ({period_end})",
        "en": "{milestone} is handed over on {date}, before the period it reports on has "
        "ended ({period_end})",
    },
    "dependency_order": {
        "sv": "{milestone} ({deadline}) infaller före {dependency} "
        "({dependency_deadline}) som den beror på",
        "en": "{milestone} ({deadline}) falls before {dependency} "
        "({dependency_deadline}) which it depends on",
    },
}

"""Texts of an administrator's changes to the wheel's people (Personer, `arshjul people`)."""

from __future__ import annotations

PEOPLE_LABELS: dict[str, dict[str, str]] = {
    "person_bad_email": {
        "sv": "'{value}' är inte exakt en e-postadress: skriv namn@kommun.se, utan namn, "
        "mellanslag eller kommatecken",
        "en": "'{value}' is not exactly one e-mail address: write name@kommun.se, without a "
        "name, spaces or commas",
    },
    "person_bad_name": {
        "sv": "Ange personens namn (högst {most} tecken, på en rad)",
        "en": "Give the person's name (at most {most} characters, on one line)",
    },
    "person_bad_role": {
        "sv": "Okänd roll '{value}'. Kända: {known}",
        "en": "Unknown role '{value}'. Known: {known}",
    },
    "person_already_there": {
        "sv": "{email} har redan den rollen i {body}",
        "en": "{email} already has that role in {body}",
    },
    "person_not_there": {
        "sv": "{email} finns inte i {body}",
        "en": "{email} is not in {body}",
    },
    "person_which_role": {
        "sv": "{email} har flera roller här ({roles}): ange vilken med nuvarande roll",
        "en": "{email} has several roles here ({roles}): say which with the current role",
    },
    "person_unchanged": {
        "sv": "{email} har redan det namnet och den rollen",
        "en": "{email} already has that name and role",
    },
    "person_not_editable": {
        "sv": "{body}s personer står på en rad i mallen; ändra dem i mallen och ladda upp den",
        "en": "{body}'s people are written on one line in the template; change them there "
        "and upload it",
    },
    "people_done_add": {
        "sv": "{email} är tillagd i {body}: version {version} av årshjulet; omplanerade "
        "budgetår: {years}; {ended} webbsessioner avslutade",
        "en": "{email} is added to {body}: version {version} of the wheel; re-planned budget "
        "years: {years}; {ended} web sessions ended",
    },
    "people_done_change": {
        "sv": "{email} är ändrad i {body}: version {version} av årshjulet; omplanerade "
        "budgetår: {years}; {ended} webbsessioner avslutade",
        "en": "{email} is changed in {body}: version {version} of the wheel; re-planned "
        "budget years: {years}; {ended} web sessions ended",
    },
    "people_done_remove": {
        "sv": "{email} är borttagen ur {body}: version {version} av årshjulet; omplanerade "
        "budgetår: {years}; {ended} webbsessioner avslutade",
        "en": "{email} is removed from {body}: version {version} of the wheel; re-planned "
        "budget years: {years}; {ended} web sessions ended",
    },
    "people_before_after": {
        "sv": "Före: {before}; efter: {after}",
        "en": "Before: {before}; after: {after}",
    },
    "people_ends_sessions": {
        "sv": "Den som förlorar en roll loggas ut ur alla webbläsare: {emails}",
        "en": "Whoever loses a role is signed out of every browser: {emails}",
    },
    "event_person_changed": {"sv": "Person ändrad", "en": "Person changed"},
    "web_source_people": {"sv": "personer", "en": "people"},
    "web_people_change_title": {"sv": "Ändra personer", "en": "Change people"},
    "web_people_change_intro": {
        "sv": "Lägg till, ändra eller ta bort en person i ett organ. Du ser först vad "
        "ändringen gör; inget ändras förrän du tillämpar den.",
        "en": "Add, change or remove a person of a body. You first see what the change "
        "does; nothing changes until you apply it.",
    },
    "web_people_verb": {"sv": "Ändring", "en": "Change"},
    "web_people_add": {"sv": "Lägg till", "en": "Add"},
    "web_people_change": {"sv": "Ändra namn eller roll", "en": "Change name or role"},
    "web_people_remove": {"sv": "Ta bort", "en": "Remove"},
    "web_people_email": {"sv": "E-postadress", "en": "E-mail address"},
    "web_people_name": {"sv": "Namn", "en": "Name"},
    "web_people_role": {"sv": "Roll", "en": "Role"},
    "web_people_was_role": {"sv": "Nuvarande roll", "en": "Current role"},
    "web_people_was_role_hint": {
        "sv": "Bara om adressen har flera roller i organet",
        "en": "Only when the address has several roles in the body",
    },
    "web_people_before": {"sv": "Före", "en": "Before"},
    "web_people_after": {"sv": "Efter", "en": "After"},
    "web_people_none": {"sv": "(ingen)", "en": "(none)"},
}

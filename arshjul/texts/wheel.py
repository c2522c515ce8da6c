"""The wheel's versions, previews, "inte aktuell" and meeting calendars: what the commands
and pages about changing the year say, Swedish and English."""

from __future__ import annotations

WHEEL_LABELS: dict[str, dict[str, str]] = {
    "wheel_changed": {
        "sv": "Årshjulet för {municipality} har ändrats sedan förhandsvisningen (visad mot "
        "version {previewed}, nu {current} av {author}); inget ändrades: förhandsgranska "
        "igen och tillämpa den nya förhandsvisningen",
        "en": "The wheel of {municipality} changed since the preview (made against version "
        "{previewed}, now {current} by {author}); nothing changed: preview again and apply "
        "the new preview",
    },
    "no_template_version": {
        "sv": "{municipality} har ingen lagrad version av årshjulet: planera en mall först "
        "(arshjul plan FIL)",
        "en": "{municipality} has no stored version of its wheel: plan a template first "
        "(arshjul plan FILE)",
    },
    "unknown_template_version": {
        "sv": "{municipality} har ingen version {version} av årshjulet",
        "en": "{municipality} has no version {version} of its wheel",
    },
    "template_exported": {
        "sv": "Skrev version {version} av årshjulet för {municipality} till {file} "
        "(sha256 {sha256})",
        "en": "Wrote version {version} of the wheel of {municipality} to {file} (sha256 {sha256})",
    },
    "template_versions_title": {
        "sv": "Årshjulets versioner, {municipality}",
        "en": "The wheel's versions, {municipality}",
    },
    "version_stored": {
        "sv": "Årshjulet är nu version {version}",
        "en": "The wheel is now version {version}",
    },
}

PREVIEW_LABELS: dict[str, dict[str, str]] = {
    "preview_title": {
        "sv": "Förhandsvisning för {municipality}, budgetår {year}, mot version {version} av "
        "årshjulet (sha256 {sha256}); ingenting har ändrats",
        "en": "Preview for {municipality}, budget year {year}, against version {version} of "
        "the wheel (sha256 {sha256}); nothing has changed",
    },
    "preview_same_text": {
        "sv": "Mallen är samma text som versionen i kraft: ingen ny version",
        "en": "The template is the same text as the version in force: no new version",
    },
    "preview_nothing": {
        "sv": "Planen blir densamma: inga tidsfrister flyttas, inga leveranser tillkommer "
        "eller försvinner",
        "en": "The plan stays the same: no deadline moves, no deliverable appears or goes",
    },
    "preview_moved": {"sv": "Tidsfrister som flyttas:", "en": "Deadlines that move:"},
    "preview_moved_line": {
        "sv": "  {what} ({title}): {old} → {new} (regel {old_rule} → {new_rule})",
        "en": "  {what} ({title}): {old} → {new} (rule {old_rule} → {new_rule})",
    },
    "preview_meetings": {"sv": "Sammanträden som flyttas:", "en": "Meetings that move:"},
    "preview_meeting_line": {
        "sv": "  {what} ({title}): {old} → {new}",
        "en": "  {what} ({title}): {old} → {new}",
    },
    "preview_appearing": {"sv": "Leveranser som tillkommer:", "en": "Deliverables that appear:"},
    "preview_going": {"sv": "Leveranser som försvinner:", "en": "Deliverables that go:"},
    "preview_owed_line": {"sv": "  {what}/{body} ({title})", "en": "  {what}/{body} ({title})"},
    "preview_notices": {
        "sv": "Meddelanden om ändrad tidsfrist ({count}):",
        "en": "Changed-date notices ({count}):",
    },
    "preview_notice_line": {
        "sv": "  {what}/{body}: {old} → {new} till {to}",
        "en": "  {what}/{body}: {old} → {new} to {to}",
    },
    "preview_no_one": {"sv": "ingen (ingen sekreterare)", "en": "no one (no secretary)"},
    "preview_law": {"sv": "Lagkontroller:", "en": "Law checks:"},
    "preview_law_clean": {"sv": "Lagkontroller: inga fynd", "en": "Law checks: no findings"},
    "preview_apply": {
        "sv": "Tillämpa just detta: {command}",
        "en": "Apply exactly this: {command}",
    },
}

NOT_APPLICABLE_LABELS: dict[str, dict[str, str]] = {
    "not_applicable_reason": {
        "sv": "Ange varför leveransen inte är aktuell: skälet visas och loggas",
        "en": "Say why the deliverable does not apply: it is shown and logged",
    },
    "not_applicable_reason_long": {
        "sv": "Skälet är för långt: högst {limit} tecken",
        "en": "The reason is too long: at most {limit} characters",
    },
    "not_applicable_not_marked": {
        "sv": "{ref} är inte markerad som inte aktuell: inget att ångra",
        "en": "{ref} is not marked as not applicable: nothing to undo",
    },
    "not_applicable_already": {
        "sv": "{ref} är redan markerad som inte aktuell",
        "en": "{ref} is already marked as not applicable",
    },
    "not_applicable_handed_in": {
        "sv": "{ref} har redan lämnats in och kan inte markeras som inte aktuell",
        "en": "{ref} has already been handed in and cannot be marked as not applicable",
    },
    "marked_not_applicable": {
        "sv": "{milestone}/{body} är inte aktuell i år: inga påminnelser, aldrig försenad",
        "en": "{milestone}/{body} does not apply this year: no reminders, never late",
    },
    "marked_applies_again": {
        "sv": "{milestone}/{body} är aktuell igen och bevakas som förut",
        "en": "{milestone}/{body} applies again and is followed as before",
    },
    "event_deliverable_not_applicable": {
        "sv": "Markerad inte aktuell",
        "en": "Marked not applicable",
    },
    "web_not_applicable_title": {"sv": "Inte aktuell i år", "en": "Not applicable this year"},
    "web_not_applicable_hint": {
        "sv": "Gäller steget inte nämnden i år? Markera det som inte aktuellt: inga "
        "påminnelser, aldrig försenat. Det går att ångra.",
        "en": "Does the step not apply to the nämnd this year? Mark it not applicable: no "
        "reminders, never late. It can be undone.",
    },
    "web_not_applicable_mark": {"sv": "Markera inte aktuell", "en": "Mark not applicable"},
    "web_not_applicable_undo_hint": {
        "sv": "Leveransen är markerad som inte aktuell. Gör den aktuell igen för att bevaka "
        "den som förut.",
        "en": "The deliverable is marked not applicable. Make it apply again to follow it "
        "as before.",
    },
    "web_not_applicable_undo": {"sv": "Gör aktuell igen", "en": "Make it apply again"},
    "web_not_applicable_because": {
        "sv": "Inte aktuell i år: {reason}",
        "en": "Not applicable this year: {reason}",
    },
    "not_applicable_suffix": {"sv": " (inte aktuell)", "en": " (not applicable)"},
    "event_deliverable_applies_again": {"sv": "Aktuell igen", "en": "Applies again"},
    "event_template_version_added": {
        "sv": "Ny version av årshjulet",
        "en": "New version of the wheel",
    },
}

MEETING_PROBLEMS: dict[str, dict[str, str]] = {
    "meeting_not_a_date": {
        "sv": "'{value}' är inget datum: skriv 2027-02-15 eller 15 februari 2027",
        "en": "'{value}' is not a date: write 2027-02-15 or 15 februari 2027",
    },
    "meeting_wrong_year": {
        "sv": "'{value}' ligger inte i {year}",
        "en": "'{value}' is not in {year}",
    },
    "meeting_twice": {"sv": "'{value}' står två gånger", "en": "'{value}' is listed twice"},
    "meeting_day_off": {
        "sv": "'{value}' infaller på {day}: stämmer datumet?",
        "en": "'{value}' falls on {day} (a day off): is the date right?",
    },
    "meeting_no_dates": {
        "sv": "inga datum: ett per rad eller kommaseparerade",
        "en": "no dates: one per line or comma-separated",
    },
    "meeting_too_many": {
        "sv": "fler än 60 datum: är det rätt text som klistrats in?",
        "en": "more than 60 dates: was the right text pasted?",
    },
}

MEETING_LABELS: dict[str, dict[str, str]] = {
    "meeting_version_unreadable": {
        "sv": "Version {version} av årshjulet går inte att läsa in; planera en giltig mall först",
        "en": "Version {version} of the wheel cannot be read; plan a valid template first",
    },
    "meeting_no_cycle": {
        "sv": "Ingen planerad cykel för {municipality} omfattar {year}: planera budgetåret först",
        "en": "No planned cycle of {municipality} covers {year}: plan the budget year first",
    },
    "meeting_calendar_not_editable": {
        "sv": "{body}s sammanträdesplan står på en rad eller delas med andra organ i mallen; "
        "ändra den i mallen och ladda upp den",
        "en": "{body}'s meeting calendar is written on one line or shared with other bodies "
        "in the template; change it there and upload it",
    },
    "meetings_set": {
        "sv": "{body}s sammanträden {year} ({count} datum) är nu version {version} av "
        "årshjulet; omplanerade budgetår: {years}; {notices} meddelanden om ändrad tidsfrist",
        "en": "{body}'s meetings {year} ({count} dates) are now version {version} of the "
        "wheel; re-planned budget years: {years}; {notices} changed-date notices",
    },
}

WHEEL_WEB_LABELS: dict[str, dict[str, str]] = {
    "web_nav_wheel": {"sv": "Ändra årshjulet", "en": "Change the wheel"},
    "web_versions_title": {"sv": "Årshjulets versioner", "en": "The wheel's versions"},
    "web_versions_intro": {
        "sv": "Varje ändring av årshjulet sparas som en version: en mall som planerats, "
        "laddats upp eller sammanträdesdatum som lagts in. Ladda ner en version som YAML; "
        "den godtas av arshjul validate och planeras till samma tidsfrister.",
        "en": "Every change to the wheel is kept as a version: a template planned, uploaded, "
        "or meeting dates entered. Download a version as YAML; arshjul validate accepts it "
        "and it plans to the same deadlines.",
    },
    "web_versions_history": {"sv": "Historik", "en": "History"},
    "web_version_when": {"sv": "När", "en": "When"},
    "web_version_who": {"sv": "Av", "en": "By"},
    "web_version_source": {"sv": "Källa", "en": "Source"},
    "web_version_reason": {"sv": "Varför (sparas med versionen)", "en": "Why (kept with it)"},
    "web_version_download": {"sv": "Ladda ner", "en": "Download"},
    "web_source_plan": {"sv": "arshjul plan", "en": "arshjul plan"},
    "web_source_upload": {"sv": "uppladdad", "en": "uploaded"},
    "web_source_meetings": {"sv": "sammanträdesdatum", "en": "meeting dates"},
    "web_source_edit": {"sv": "ändrad i webben", "en": "edited in the browser"},
    "web_upload_title": {"sv": "Ladda upp en ny mall", "en": "Upload a new template"},
    "web_upload_intro": {
        "sv": "Välj en fil eller klistra in mallens text. Du ser först vad ändringen gör; "
        "inget ändras förrän du tillämpar den.",
        "en": "Choose a file or paste the template's text. You first see what the change "
        "does; nothing changes until you apply it.",
    },
    "web_upload_file": {"sv": "Mallfil (YAML)", "en": "Template file (YAML)"},
    "web_upload_text": {"sv": "eller mallens text", "en": "or the template's text"},
    "web_bad_year": {
        "sv": "Ange ett år med fyra siffror, till exempel 2027",
        "en": "Give a year of four digits, for example 2027",
    },
    "web_preview": {"sv": "Förhandsgranska", "en": "Preview"},
    "web_preview_title": {"sv": "Förhandsgranskning", "en": "Preview"},
    "web_preview_nothing_yet": {
        "sv": "Inget har ändrats ännu. Granska och tillämpa, eller gå tillbaka.",
        "en": "Nothing has changed yet. Review and apply, or go back.",
    },
    "web_preview_new": {
        "sv": "Nedan är förhandsvisningen mot årshjulet som det är nu.",
        "en": "Below is the preview against the wheel as it is now.",
    },
    "web_preview_from": {"sv": "Från", "en": "From"},
    "web_preview_to": {"sv": "Till", "en": "To"},
    "web_preview_why": {"sv": "Regel", "en": "Rule"},
    "web_apply": {"sv": "Tillämpa", "en": "Apply"},
    "web_preview_back": {"sv": "Tillbaka utan att ändra", "en": "Back without changing"},
    "web_apply_refused_title": {"sv": "Ändringen gjordes inte", "en": "The change was not made"},
    "web_preview_again": {
        "sv": "Förhandsgranska igen med årshjulet som det är nu",
        "en": "Preview again with the wheel as it is now",
    },
    "web_meetings_title": {"sv": "Sammanträdesdatum", "en": "Meeting dates"},
    "web_meetings_intro": {
        "sv": "Klistra in ett organs sammanträdesplan för ett år. Du ser först vilka "
        "tidsfrister som flyttas och vilka som får besked; inget ändras förrän du tillämpar.",
        "en": "Paste a body's meeting plan for a year. You first see which deadlines move "
        "and who is told; nothing changes until you apply it.",
    },
    "web_meetings_year": {"sv": "Sammanträdesår", "en": "Year of the meetings"},
    "web_meetings_dates": {"sv": "Datum", "en": "Dates"},
    "web_meetings_dates_hint": {
        "sv": "Ett per rad eller kommaseparerade: 2027-02-15 eller 15 februari 2027.",
        "en": "One per line or comma-separated: 2027-02-15 or 15 februari 2027.",
    },
}

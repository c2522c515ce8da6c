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

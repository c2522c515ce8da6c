"""The follow-up's words: assessments, indicators, the roll-up page and exports, and the
problems an assessments or indicator file can have. Swedish and English for every key."""

from __future__ import annotations

FOLLOWUP_PROBLEMS: dict[str, dict[str, str]] = {
    # commitments' indicators
    "indicators_for_unchosen": {
        "sv": "indikatorer för '{value}', som varken är ett valt mål eller ett område "
        "nämnden har beskrivit sitt bidrag till",
        "en": "indicators for '{value}', which is neither a chosen goal nor an area the "
        "nämnd has stated its contribution to",
    },
    "too_many_indicators": {
        "sv": "{count} indikatorer; högst {max} per åtagande",
        "en": "{count} indicators; at most {max} per commitment",
    },
    "duplicate_indicator": {
        "sv": "indikatorn {ref} finns redan för åtagandet",
        "en": "indicator {ref} is already listed for the commitment",
    },
    "indicator_kind": {
        "sv": "ange antingen kolada: (ett nyckeltal i Kolada) eller key: (en egen indikator)",
        "en": "give either kolada: (a Kolada KPI) or key: (a local indicator)",
    },
    "bad_kolada_id": {
        "sv": "'{value}' är inget Kolada-id (en bokstav och fem siffror, t.ex. N00945)",
        "en": "'{value}' is no Kolada id (a letter and five digits, e.g. N00945)",
    },
    "bad_indicator_key": {
        "sv": "'{value}' duger inte som nyckel (små bokstäver a–z, siffror, - och _, högst 40)",
        "en": "'{value}' is no valid key (lower-case a–z, digits, - and _, at most 40)",
    },
    "not_a_number": {
        "sv": "'{value}' är inget tal (t.ex. 78,5 eller 1 234)",
        "en": "'{value}' is not a number (e.g. 78.5 or 1234)",
    },
    # assessments
    "not_a_chosen_goal": {
        "sv": "'{value}' är inte ett av nämndens valda mål i verksamhetsplanen",
        "en": "'{value}' is not one of the goals the nämnd chose in its verksamhetsplan",
    },
    "not_a_covered_area": {
        "sv": "'{value}' är inte ett område nämnden har beskrivit sitt bidrag till",
        "en": "'{value}' is not an area the nämnd has stated its contribution to",
    },
    "unknown_assessment": {
        "sv": "okänd bedömning '{value}'; väntade en av {expected}",
        "en": "unknown assessment '{value}'; expected one of {expected}",
    },
    "comment_too_long": {
        "sv": "kommentaren har {count} tecken; högst {max}",
        "en": "the comment has {count} characters; at most {max}",
    },
    "unknown_indicator": {
        "sv": "'{value}' är ingen indikator för åtagandet; kända är {known}",
        "en": "'{value}' is no indicator of the commitment; known are {known}",
    },
    "not_assessed": {"sv": "inte bedömt", "en": "not assessed"},
    # indicator files
    "too_deep": {
        "sv": "filen är nästlad djupare än {limit} nivåer",
        "en": "the file nests deeper than {limit} levels",
    },
    "json_syntax": {"sv": "JSON-syntaxfel: {detail}", "en": "JSON syntax error: {detail}"},
    "too_many_records": {
        "sv": "filen har {count} poster, fler än vad som tas emot",
        "en": "the file has {count} records, more than are taken",
    },
    "line_too_long": {
        "sv": "raden är längre än {limit} tecken",
        "en": "the line is longer than {limit} characters",
    },
    "csv_header": {
        "sv": "första raden ska namnge kolumnerna {expected}",
        "en": "the first line must name the columns {expected}",
    },
    "other_municipality": {
        "sv": "värdet gäller kommun '{value}', inte {expected}",
        "en": "the value is for municipality '{value}', not {expected}",
    },
    "other_kpi": {
        "sv": "värdet gäller nyckeltal '{value}', inte {expected}",
        "en": "the value is for KPI '{value}', not {expected}",
    },
    "bad_period": {
        "sv": "'{value}' är inget år (1950–2100)",
        "en": "'{value}' is no year (1950–2100)",
    },
    "duplicate_period": {
        "sv": "{indicator} har redan ett värde för {period} (vid {first})",
        "en": "{indicator} already has a value for {period} (at {first})",
    },
    "indicator_not_named": {
        "sv": "'{value}' är ingen indikator i någon nämnds åtaganden",
        "en": "'{value}' is no indicator in any nämnd's commitments",
    },
}

FOLLOWUP_LABELS: dict[str, dict[str, str]] = {
    # hand-in
    "assessments_not_collected": {
        "sv": "{milestone} tar inte emot bedömningar; lämna dem med uppföljningen "
        "(tertialrapport, delårsrapport, verksamhetsberättelse)",
        "en": "{milestone} does not take assessments; hand them in with a follow-up "
        "report (tertial report, delårsrapport, verksamhetsberättelse)",
    },
    "assessments_twice": {
        "sv": "Bedömningarna kom både från formuläret och en fil; ange en av dem",
        "en": "The assessments came both from the form and a file; give one of them",
    },
    "no_commitments_in_force": {
        "sv": "{body} har inga åtaganden för budgetår {year} att bedöma; lämna först in "
        "verksamhetsplanen med åtagandena",
        "en": "{body} has no commitments for budget year {year} to assess; hand in the "
        "verksamhetsplan with its commitments first",
    },
    "not_collecting_assessments": {
        "sv": "Inget i budgetår {year} tar emot bedömningar; lägg till "
        "'collects: assessments' på uppföljningarna i mallen",
        "en": "Nothing in budget year {year} collects assessments; add "
        "'collects: assessments' to the follow-up milestones of the template",
    },
    # levels and trends
    "trend_up": {"sv": "bättre", "en": "better"},
    "trend_down": {"sv": "sämre", "en": "worse"},
    "trend_same": {"sv": "oförändrat", "en": "unchanged"},
    "trend_first": {"sv": "första bedömningen", "en": "first assessment"},
    "trend_unknown": {"sv": "går inte att jämföra", "en": "cannot be compared"},
    "not_assessed_yet": {"sv": "inte bedömt", "en": "not assessed"},
    "not_committed": {"sv": "inget åtagande", "en": "no commitment"},
    # the roll-up
    "web_followup": {"sv": "Uppföljning", "en": "Follow-up"},
    "followup_met_count": {"sv": "{count} uppfyllt", "en": "{count} met"},
    "followup_title": {
        "sv": "Uppföljning {municipality}, budgetår {year}",
        "en": "Follow-up {municipality}, budget year {year}",
    },
    "followup_reports": {"sv": "Rapporter", "en": "Reports"},
    "followup_handed_in": {
        "sv": "{count} av {total} nämnder har lämnat in",
        "en": "{count} of {total} nämnder have handed in",
    },
    "followup_areas": {"sv": "Visionens områden", "en": "The vision's areas"},
    "followup_goals": {"sv": "Globala mål (Agenda 2030)", "en": "Global goals (Agenda 2030)"},
    "followup_summary": {"sv": "Sammanfattning", "en": "Summary"},
    "followup_area": {"sv": "Område", "en": "Area"},
    "followup_goal": {"sv": "Mål", "en": "Goal"},
    "followup_contributing": {"sv": "Nämnder som bidrar", "en": "Nämnder contributing"},
    "followup_gaps": {"sv": "Luckor", "en": "Gaps"},
    "followup_no_gaps": {"sv": "Inga luckor.", "en": "No gaps."},
    "followup_gap_goal_unchosen": {
        "sv": "Mål {goal}: ingen nämnd arbetar med det",
        "en": "Goal {goal}: no nämnd works on it",
    },
    "followup_gaps_unchosen": {
        "sv": "Globala mål som ingen nämnd arbetar med: {goals}",
        "en": "Global goals no nämnd works on: {goals}",
    },
    "followup_gap_area_uncovered": {
        "sv": "{area}: ingen nämnd bidrar till området",
        "en": "{area}: no nämnd contributes to the area",
    },
    "followup_gap_no_commitments": {
        "sv": "{body}: har inte lämnat in några åtaganden",
        "en": "{body}: has handed in no commitments",
    },
    "followup_gap_report_missing": {
        "sv": "{body}: {report} är inte inlämnad",
        "en": "{body}: {report} is not handed in",
    },
    "followup_gap_not_assessed": {
        "sv": "{body}: {commitment} är inte bedömt i {report}",
        "en": "{body}: {commitment} is not assessed in {report}",
    },
    "followup_comments": {"sv": "Kommentarer", "en": "Comments"},
    "followup_indicator": {"sv": "Indikator", "en": "Indicator"},
    "followup_value": {"sv": "Värde", "en": "Value"},
    "followup_target": {"sv": "Mål", "en": "Target"},
    "followup_meets": {"sv": "når målet", "en": "meets the target"},
    "followup_misses": {"sv": "når inte målet", "en": "misses the target"},
    "followup_higher": {"sv": "högre är bättre", "en": "higher is better"},
    "followup_lower": {"sv": "lägre är bättre", "en": "lower is better"},
    "followup_trend": {"sv": "Utveckling", "en": "Trend"},
    "followup_latest": {"sv": "Senaste bedömning", "en": "Latest assessment"},
    "followup_report": {"sv": "Rapport", "en": "Report"},
    "followup_version": {"sv": "version {version}", "en": "version {version}"},
    "followup_annual_report": {
        "sv": "Avsnitt till årsredovisningen",
        "en": "Section for the annual report",
    },
    "followup_section_title": {
        "sv": "Måluppfyllelse {year}",
        "en": "Goal attainment {year}",
    },
    "followup_section_intro": {
        "sv": "Sammanställningen bygger på nämndernas egna bedömningar i {reports}.",
        "en": "The summary is built from the nämnder's own assessments in {reports}.",
    },
    "followup_section_area": {
        "sv": "{contributing} {contributing|nämnd bidrar|nämnder bidrar}; {met} bedömer "
        "målet uppfyllt, {partly} delvis uppfyllt, {not_met} inte uppfyllt.",
        "en": "{contributing} {contributing|nämnd contributes|nämnder contribute}; {met} "
        "assess it met, {partly} partly met, {not_met} not met.",
    },
    "followup_downloads": {"sv": "Ladda ner", "en": "Download"},
    "followup_download_xlsx": {
        "sv": "Excel (XLSX), budgetår {year}",
        "en": "Excel (XLSX), budget year {year}",
    },
    "followup_download_json": {"sv": "JSON, budgetår {year}", "en": "JSON, budget year {year}"},
    "followup_download_md": {
        "sv": "Markdown till årsredovisningen",
        "en": "Markdown for the annual report",
    },
    "followup_no_reports": {
        "sv": "Ingen uppföljning är inlämnad ännu.",
        "en": "No follow-up has been handed in yet.",
    },
    "followup_year": {"sv": "Budgetår", "en": "Budget year"},
    "followup_show": {"sv": "Visa", "en": "Show"},
    "followup_body": {"sv": "Nämnd", "en": "Nämnd"},
    "followup_assessments": {"sv": "Bedömningar", "en": "Assessments"},
    "followup_indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "followup_source_report": {"sv": "i {report}", "en": "in {report}"},
    "followup_source_kolada": {"sv": "Kolada {year}", "en": "Kolada {year}"},
    "followup_source_csv": {"sv": "import {year}", "en": "import {year}"},
    "followup_no_value": {"sv": "inget värde", "en": "no value"},
    "followup_form_written": {
        "sv": "# Bedömningar för {milestone}/{body}; fyll i och lämna in med "
        "submit … --assessments FIL",
        "en": "# Assessments for {milestone}/{body}; fill in and hand in with "
        "submit … --assessments FILE",
    },
    "followup_form_prefilled": {
        "sv": "# Ifyllt från {milestone}, version {version}",
        "en": "# Prefilled from {milestone}, version {version}",
    },
    "followup_form_none": {
        "sv": "{milestone}/{body} har inga åtaganden att bedöma (tar emot bedömningar: "
        "{collects}; åtaganden inlämnade: {commitments})",
        "en": "{milestone}/{body} has no commitments to assess (collects assessments: "
        "{collects}; commitments handed in: {commitments})",
    },
    "followup_written": {"sv": "Skrev {file}", "en": "Wrote {file}"},
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    "demo_followup": {
        "sv": "Uppföljningen av {year}: varje nämnds åtaganden, och de rapporter med "
        "bedömningar som lämnades in före {date}. Sammanställningen: /uppfoljning i "
        "webben, eller arshjul --as ekonomi@example.org followup report --year {year}",
        "en": "The follow-up of {year}: each nämnd's commitments, and the reports with "
        "assessments handed in before {date}. The roll-up: /uppfoljning on the web, or "
        "arshjul --as ekonomi@example.org followup report --year {year}",
    },
    # indicators
    "event_indicators_imported": {
        "sv": "Indikatorvärden importerade",
        "en": "Indicator values imported",
    },
    "indicators_imported": {
        "sv": "{file}: {changed} {changed|värde|värden} sparade, {unchanged} oförändrade, "
        "{skipped} utan värde eller för kön",
        "en": "{file}: {changed} {changed|value|values} stored, {unchanged} unchanged, "
        "{skipped} without a value or per gender",
    },
    "kolada_failed": {
        "sv": "Kolada ({url}) svarade inte som väntat: {detail}",
        "en": "Kolada ({url}) did not answer as expected: {detail}",
    },
    "bad_kolada_kpi": {
        "sv": "'{value}' är inget Kolada-id (en bokstav och fem siffror, t.ex. N00945)",
        "en": "'{value}' is no Kolada id (a letter and five digits, e.g. N00945)",
    },
    "bad_municipality_code": {
        "sv": "'{value}' är ingen kommunkod (fyra siffror)",
        "en": "'{value}' is no municipality code (four digits)",
    },
    "bad_indicator_file": {
        "sv": "{file}: filen går inte att läsa som UTF-8-text",
        "en": "{file}: the file cannot be read as UTF-8 text",
    },
    # column headings of the XLSX
    "followup_col_municipality": {"sv": "Kommun", "en": "Municipality"},
    "followup_col_kind": {"sv": "Typ", "en": "Kind"},
    "followup_col_key": {"sv": "Nyckel", "en": "Key"},
    "followup_col_name": {"sv": "Namn", "en": "Name"},
    "followup_col_contributing": {"sv": "Nämnder som bidrar", "en": "Nämnder contributing"},
    "followup_col_met": {"sv": "Uppfyllt", "en": "Met"},
    "followup_col_partly_met": {"sv": "Delvis uppfyllt", "en": "Partly met"},
    "followup_col_not_met": {"sv": "Inte uppfyllt", "en": "Not met"},
    "followup_col_not_assessable": {"sv": "Går inte att bedöma", "en": "Cannot be assessed"},
    "followup_col_not_assessed": {"sv": "Inte bedömt", "en": "Not assessed"},
    "followup_col_body": {"sv": "Nämnd", "en": "Nämnd"},
    "followup_col_commitment": {"sv": "Åtagande", "en": "Commitment"},
    "followup_col_report": {"sv": "Rapport", "en": "Report"},
    "followup_col_version": {"sv": "Version", "en": "Version"},
    "followup_col_level": {"sv": "Nivå", "en": "Level"},
    "followup_col_assessment": {"sv": "Bedömning", "en": "Assessment"},
    "followup_col_trend": {"sv": "Utveckling", "en": "Trend"},
    "followup_col_comment": {"sv": "Kommentar", "en": "Comment"},
    "followup_col_indicator": {"sv": "Indikator", "en": "Indicator"},
    "followup_col_unit": {"sv": "Enhet", "en": "Unit"},
    "followup_col_target": {"sv": "Målvärde", "en": "Target"},
    "followup_col_direction": {"sv": "Riktning", "en": "Direction"},
    "followup_col_value": {"sv": "Värde", "en": "Value"},
    "followup_col_source": {"sv": "Källa", "en": "Source"},
    "followup_col_when": {"sv": "Avser", "en": "For"},
    "followup_col_meets_target": {"sv": "Når målvärdet", "en": "Meets the target"},
    "followup_col_text": {"sv": "Text", "en": "Text"},
}

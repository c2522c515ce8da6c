"""Every sentence a user reads, in Swedish (the default) and English, kept in one place.

Codes, not sentences, travel through the program (statuses, problem codes, shift rules);
this module turns them into words. A test checks that each key has both languages.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from arshjul.core.calendar import Shift, Shifted, weekday_name
from arshjul.core.problems import Problem, Severity
from arshjul.core.status import Status

LANGUAGES = ("sv", "en")

_MONTHS = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

STATUS_LABELS: dict[Status, dict[str, str]] = {
    Status.WAITING: {"sv": "väntar på beslut", "en": "waiting for a decision"},
    Status.UPCOMING: {"sv": "kommande", "en": "upcoming"},
    Status.DUE_SOON: {"sv": "snart", "en": "due soon"},
    Status.OVERDUE: {"sv": "försenad", "en": "overdue"},
    Status.SUBMITTED: {"sv": "inlämnad", "en": "submitted"},
    Status.SUBMITTED_LATE: {"sv": "inlämnad sent", "en": "submitted late"},
    Status.RETURNED: {"sv": "återsänd", "en": "returned"},
    Status.ACCEPTED: {"sv": "godkänd", "en": "accepted"},
}

STATUS_SYMBOLS: dict[Status, tuple[str, str]] = {
    Status.WAITING: ("◌", "blue"),
    Status.UPCOMING: ("·", "dim"),
    Status.DUE_SOON: ("◔", "yellow"),
    Status.OVERDUE: ("✗", "bold red"),
    Status.SUBMITTED: ("✓", "green"),
    Status.SUBMITTED_LATE: ("✓!", "dark_orange"),
    Status.RETURNED: ("↺", "magenta"),
    Status.ACCEPTED: ("★", "bold green"),
}

SHIFT_LABELS: dict[Shift, dict[str, str]] = {
    Shift.PREVIOUS: {"sv": "föregående arbetsdag", "en": "previous business day"},
    Shift.NEXT: {"sv": "nästa arbetsdag", "en": "next business day"},
    Shift.NONE: {"sv": "flyttas inte", "en": "not moved"},
}

LABELS: dict[str, dict[str, str]] = {
    "board_title": {
        "sv": "Årshjul {municipality}, budgetår {year}, läge {date}",
        "en": "Annual cycle {municipality}, budget year {year}, as of {date}",
    },
    "milestone": {"sv": "Milstolpe", "en": "Milestone"},
    "deadline": {"sv": "Senast", "en": "Deadline"},
    "body": {"sv": "Organ", "en": "Body"},
    "title": {"sv": "Vad", "en": "What"},
    "status": {"sv": "Status", "en": "Status"},
    "note": {"sv": "Anmärkning", "en": "Note"},
    "total": {"sv": "Totalt", "en": "Total"},
    "per_body": {"sv": "Per nämnd och organ", "en": "Per nämnd and body"},
    "legend": {"sv": "Teckenförklaring", "en": "Legend"},
    "deliverables": {"sv": "leveranser", "en": "deliverables"},
    "deadlines_title": {
        "sv": "Tidsfrister {municipality}, budgetår {year}",
        "en": "Deadlines {municipality}, budget year {year}",
    },
    "no_deadlines": {"sv": "Inga tidsfrister att visa.", "en": "No deadlines to show."},
    "valid": {
        "sv": "{file}: giltig ({milestones} milstolpar, {deliverables} leveranser för "
        "budgetår {year})",
        "en": "{file}: valid ({milestones} milestones, {deliverables} deliverables for "
        "budget year {year})",
    },
    "invalid": {"sv": "{file}: {count} fel", "en": "{file}: {count} error(s)"},
    "initialised": {"sv": "Databasen är klar: {url}", "en": "Database ready: {url}"},
    "planned": {
        "sv": "Planerade {municipality} budgetår {year}: {created} nya, {updated} "
        "ändrade, {moved} flyttade tidsfrister, {retired} borttagna",
        "en": "Planned {municipality} budget year {year}: {created} created, {updated} "
        "updated, {moved} deadlines moved, {retired} retired",
    },
    "moved_line": {"sv": "  {milestone}: {old} → {new}", "en": "  {milestone}: {old} → {new}"},
    "mirrored": {
        "sv": "Prefect ({deployment}): {created} nya körningar, {rescheduled} omplanerade, "
        "{updated} ändrade, {deleted} borttagna, {unchanged} oförändrade",
        "en": "Prefect ({deployment}): {created} runs created, {rescheduled} rescheduled, "
        "{updated} updated, {deleted} deleted, {unchanged} unchanged",
    },
    "no_cycle": {
        "sv": "Ingen planerad cykel för {what}. Kör först: arshjul plan",
        "en": "No planned cycle for {what}. Run first: arshjul plan",
    },
    "pick_municipality": {
        "sv": "Databasen har flera kommuner ({codes}); välj med --municipality.",
        "en": "The database holds several municipalities ({codes}); pick one with --municipality.",
    },
    "unknown_body": {
        "sv": "Okänt organ '{body}'. Kända: {known}",
        "en": "Unknown body '{body}'. Known: {known}",
    },
    "bad_date": {
        "sv": "Ogiltigt datum '{value}': ange ÅÅÅÅ-MM-DD mellan 1900 och 2200",
        "en": "Invalid date '{value}': expected YYYY-MM-DD between 1900 and 2200",
    },
    "demo_intro": {
        "sv": "Demo: planerar {municipality} budgetår {year} med Prefect-flödet plan_cycle i {url}",
        "en": "Demo: planning {municipality} budget year {year} with the Prefect "
        "flow plan_cycle in {url}",
    },
    "moved_from": {
        "sv": "flyttad från {nominal} ({reasons}; {rule})",
        "en": "moved from {nominal} ({reasons}; {rule})",
    },
    "late_days": {"sv": "{days} arbetsdagar sent", "en": "{days} business days late"},
    "overdue_days": {"sv": "{days} arbetsdagar över", "en": "{days} business days over"},
    "warning": {"sv": "varning", "en": "warning"},
    "decision_needs": {
        "sv": "Ett beslut behöver --paragraph och --title",
        "en": "A decision needs --paragraph and --title",
    },
    "justered_before_meeting": {
        "sv": "Justeringen {justered} är före sammanträdet {meeting}",
        "en": "The justering {justered} is before the meeting {meeting}",
    },
    "announced_without_justering": {
        "sv": "Anslag kan inte anges före justering",
        "en": "An anslag cannot be given before the justering",
    },
    "announced_before_justering": {
        "sv": "Anslaget {announced} är före justeringen",
        "en": "The anslag {announced} is before the justering",
    },
    "not_a_decision": {
        "sv": "{milestone} är ett dokument som lämnas in och granskas, inte ett beslut; "
        "registrera beslutet utan --milestone (bara milstolpar med completed_by: decision "
        "fullgörs av ett beslut)",
        "en": "{milestone} is a document to hand in and review, not a decision; record the "
        "decision without --milestone (only milestones with completed_by: decision are "
        "completed by a decision)",
    },
    "decision_exists": {
        "sv": "Beslutet finns redan (nr {id})",
        "en": "The decision is already recorded (no. {id})",
    },
    "unknown_decision": {"sv": "Okänt beslut {id}", "en": "Unknown decision {id}"},
    "decision_recorded": {
        "sv": "Beslut {id}: {body} {meeting} {paragraph} {title}",
        "en": "Decision {id}: {body} {meeting} {paragraph} {title}",
    },
    "decision_clock": {
        "sv": "  justering senast {latest_justering}, anslag senast "
        "{latest_anslag}, överklagandetiden slutar {appeal_ends}, "
        "vinner laga kraft {laga_kraft}{provisional}",
        "en": "  justering by {latest_justering}, anslag by {latest_anslag}, "
        "appeal window ends {appeal_ends}, final on {laga_kraft}"
        "{provisional}",
    },
    "provisional": {
        "sv": " (preliminärt: anslaget är inte registrerat)",
        "en": " (provisional: the anslag is not recorded)",
    },
    "decisions_title": {
        "sv": "Beslutsregister {municipality}",
        "en": "Decisions register {municipality}",
    },
    "commitments_ok": {
        "sv": "{file}: giltigt ({goals} mål: {names})",
        "en": "{file}: valid ({goals} goals: {names})",
    },
    "bad_amount": {
        "sv": "Ogiltigt belopp '{value}': ange hela kronor, t.ex. 412 500 000",
        "en": "Invalid amount '{value}': give whole kronor, e.g. 412 500 000",
    },
    "frame_set": {
        "sv": "Budgetram {body} {year}: {new} kr (tidigare {old})",
        "en": "Budget frame {body} {year}: {new} SEK (before: {old})",
    },
    "frames_title": {
        "sv": "Budgetramar och budgetförslag {municipality}, budgetår {year}",
        "en": "Budget frames and budgets {municipality}, budget year {year}",
    },
    "over_frame": {
        "sv": "Över ram: {body} {submitted} kr mot ramen {frame} kr (+{diff} kr)",
        "en": "Over the frame: {body} {submitted} SEK against {frame} SEK (+{diff} SEK)",
    },
    "step_justering": {"sv": "justering", "en": "justering (signing the minutes)"},
    "step_anslag": {"sv": "anslag", "en": "anslag (announcement)"},
    "file_invalid": {
        "sv": "{file}: {count} fel; inget har sparats",
        "en": "{file}: {count} errors; nothing was stored",
    },
    "commitments_required": {
        "sv": "{milestone} lämnas in med nämndens åtaganden: ange --commitments FIL "
        "(valda globala mål och bidrag till visionens områden, YAML eller JSON)",
        "en": "{milestone} is handed in with the nämnd's commitments: give --commitments FILE "
        "(chosen global goals and contributions to the vision areas, YAML or JSON)",
    },
    "commitments_not_collected": {
        "sv": "{milestone} tar inte emot åtaganden; lämna in dem med verksamhetsplanen",
        "en": "{milestone} does not take commitments; hand them in with the verksamhetsplan",
    },
    "namnd": {"sv": "Nämnd", "en": "Nämnd"},
    "not_handed_in": {"sv": "ej inlämnat", "en": "not handed in"},
    "namnder_count": {"sv": "antal nämnder", "en": "nämnder"},
    "coverage_title": {
        "sv": "Globala mål och visionens områden per nämnd, {municipality} budgetår {year}",
        "en": "Global goals and vision areas per nämnd, {municipality} budget year {year}",
    },
    "goals_title": {
        "sv": "De 17 globala målen (välj högst {max}) och visionens områden: {vision}",
        "en": "The 17 global goals (choose at most {max}) and the vision areas: {vision}",
    },
    "coverage_goals": {"sv": "Målen:", "en": "The goals:"},
    "coverage_no_gaps": {
        "sv": "Inga luckor: alla nämnder har lämnat in och alla områden täcks.",
        "en": "No gaps: every nämnd has handed in and every area is covered.",
    },
    "gap_not_handed_in": {
        "sv": "Lucka: {body} har inte lämnat in sina åtaganden",
        "en": "Gap: {body} has not handed in its commitments",
    },
    "gap_no_goals": {
        "sv": "Lucka: {body} har inte valt något globalt mål",
        "en": "Gap: {body} has chosen no global goal",
    },
    "gap_area_missing": {
        "sv": "Lucka: {body} beskriver inget bidrag till {area}",
        "en": "Gap: {body} states no contribution to {area}",
    },
    "gap_area_uncovered": {
        "sv": "Lucka: ingen nämnd bidrar till {area}",
        "en": "Gap: no nämnd contributes to {area}",
    },
    "nothing_collects": {
        "sv": "Ingen milstolpe i budgetår {year} tar emot åtaganden; lägg till "
        "'collects: commitments' på verksamhetsplanen i mallen",
        "en": "No milestone in budget year {year} collects commitments; add "
        "'collects: commitments' to the verksamhetsplan milestone in the template",
    },
    "over_frame_alerted": {
        "sv": "Budgeten är över ramen; {count} samordnare underrättade.",
        "en": "The budget is over the frame; {count} coordinators notified.",
    },
    "law_clean": {
        "sv": "{file}: inga lagfel för budgetår {year}",
        "en": "{file}: no law errors for budget year {year}",
    },
    "law_blocked": {
        "sv": "Planen bryter mot kommunallagen; planera ändå med --allow-law-errors (det loggas)",
        "en": "The plan breaks the Local Government Act; plan anyway with "
        "--allow-law-errors (it is logged)",
    },
    "swept": {
        "sv": "Påminnelser {when}: {planned} aktuella, {new} nya i utkorgen, {sent} "
        "skickade, {retry} försöks igen, {failed} misslyckade",
        "en": "Reminders {when}: {planned} due, {new} new in the outbox, {sent} sent, "
        "{retry} to retry, {failed} failed",
    },
    "requeue_what": {
        "sv": "Ange --id N för ett meddelande eller --all-failed för alla misslyckade",
        "en": "Give --id N for one message or --all-failed for every failed one",
    },
    "unknown_message": {"sv": "Okänt meddelande {id}", "en": "Unknown message {id}"},
    "not_failed": {
        "sv": "Meddelande {id} är {state}, inte misslyckat; bara misslyckade skickas om",
        "en": "Message {id} is {state}, not failed; only failed messages are sent again",
    },
    "requeued": {
        "sv": "{count} meddelanden skickas igen vid nästa utskick: {ids}",
        "en": "{count} messages go again with the next sweep: {ids}",
    },
    "serving": {
        "sv": "Prefect-servern: {api} (öppna utan /api i en webbläsare). Avsluta med Ctrl-C.",
        "en": "Prefect server: {api} (open it without /api in a browser). Stop with Ctrl-C.",
    },
    "serve_stopped": {
        "sv": "Avslutat: {cancelled} pågående körningar markerades som avbrutna.",
        "en": "Stopped: {cancelled} runs in flight were marked cancelled.",
    },
    "sweep_skipped": {
        "sv": "Ett annat utskick ({holder}) pågår sedan {since}; inget gjordes nu.",
        "en": "Another sweep ({holder}) has been running since {since}; nothing was done now.",
    },
    "report_sweep_title": {"sv": "Utskick {when}", "en": "Sweep {when}"},
    "report_planned": {"sv": "aktuella", "en": "due"},
    "report_new": {"sv": "nya i utkorgen", "en": "new in the outbox"},
    "report_sent": {"sv": "skickade", "en": "sent"},
    "report_retry": {"sv": "försöks igen", "en": "to retry"},
    "report_failed": {"sv": "misslyckade slutgiltigt", "en": "failed for good"},
    "report_told": {"sv": "meddelanden till samordnare", "en": "notices to coordinators"},
    "report_by_kind": {"sv": "Nya per typ", "en": "New by kind"},
    "report_problems": {"sv": "Problem", "en": "Problems"},
    "channel_error": {
        "sv": "E-post kunde inte skickas: {reason}. Alla meddelanden ligger kvar och försöks igen.",
        "en": "Mail could not be sent: {reason}. Every message is kept and will be retried.",
    },
    "delivery_failed_line": {
        "sv": "Misslyckades slutgiltigt: {failure}",
        "en": "Failed for good: {failure}",
    },
    "coordinators_told": {
        "sv": "{count} meddelanden till samordnarna om misslyckade utskick ligger i utkorgen.",
        "en": "{count} notices to the coordinators about failed messages are in the outbox.",
    },
    "templates_broken": {
        "sv": "Mallarna för kommun {code} är trasiga; inget köades för den:",
        "en": "The templates of municipality {code} are broken; nothing was queued for it:",
    },
    "database_busy": {
        "sv": "Databasen är låst av en annan process sedan {seconds} sekunder; inget har "
        "sparats. Försök igen om en stund (ARSHJUL_DB_BUSY_SECONDS styr väntan).",
        "en": "The database has been locked by another process for {seconds} seconds; nothing "
        "was stored. Try again shortly (ARSHJUL_DB_BUSY_SECONDS sets the wait).",
    },
    "bad_format": {"sv": "Okänt format '{value}'", "en": "Unknown format '{value}'"},
    "bad_year_span": {
        "sv": "Budgetåren {first}–{last}: ange --from före --to, högst 50 år",
        "en": "Budget years {first}–{last}: give --from before --to, at most 50 years",
    },
    "mirror_complete": {
        "sv": "Alla har lämnat in, eller beslutet är registrerat (senast {deadline}).",
        "en": "Everyone has handed in, or the decision is recorded (due {deadline}).",
    },
    "mirror_late": {
        "sv": "Försenad: {count} har inte lämnat in {title} (senast {deadline}); "
        "påminnelser om försening ligger i utkorgen.",
        "en": "Late: {count} have not handed in {title} (due {deadline}); overdue notices "
        "are in the outbox.",
    },
    "mirror_waiting": {
        "sv": "Väntar på beslut: {title} öppnar först när beslutet är registrerat.",
        "en": "Waiting for a decision: {title} opens only once the decision is recorded.",
    },
    "mirror_open": {
        "sv": "Ej försenad: {count} har inte lämnat in {title}, men deras tidsfrist har inte "
        "gått ut (återsänd med ny tidsfrist).",
        "en": "Not late: {count} have not handed in {title}, but their deadline has not "
        "passed (returned with a new deadline).",
    },
    "mirror_gone": {
        "sv": "{milestone} finns inte längre i planen; körningen gör ingenting.",
        "en": "{milestone} is no longer in the plan; the run does nothing.",
    },
    "mirror_preview": {
        "sv": "Prefect: planeringen schemalägger {count} körningar av milestone_due, en per "
        "milstolpe när dess sista dag slutar (arshjul plan, arshjul prefect sync); de närmaste:",
        "en": "Prefect: planning schedules {count} runs of milestone_due, one per milestone "
        "when its last day ends (arshjul plan, arshjul prefect sync); the next:",
    },
    "db_revision": {
        "sv": "Databasens schema: {revision} (senaste: {head})",
        "en": "Database schema: {revision} (newest: {head})",
    },
    "automation_made": {
        "sv": "Automationen '{name}' är skapad ({id})",
        "en": "The automation '{name}' is created ({id})",
    },
    "mirror_late_by": {"sv": "Arbetsdagar sent", "en": "Business days late"},
    "mirror_body": {"sv": "Organ", "en": "Body"},
    "mirror_status": {"sv": "Läge", "en": "Status"},
    "mirror_submitted": {"sv": "Inlämnad", "en": "Handed in"},
    "wheels_title": {
        "sv": "Medföljande årshjul, prövade för budgetår {first}–{last}",
        "en": "Shipped cycle templates, checked for budget years {first}–{last}",
    },
    "bad_state": {
        "sv": "Okänt läge '{value}'; välj bland {expected}",
        "en": "Unknown state '{value}'; choose one of {expected}",
    },
    "who_are_you": {
        "sv": "Ange vem du är: --as E-POST eller ARSHJUL_AS",
        "en": "Say who you are: --as EMAIL or ARSHJUL_AS",
    },
    "not_permitted": {
        "sv": "{person} får inte göra detta ({action}, {body}); nekandet är loggat",
        "en": "{person} may not do this ({action}, {body}); the refusal is logged",
    },
    "unknown_deliverable": {"sv": "Okänd leverans '{ref}'", "en": "Unknown deliverable '{ref}'"},
    "bad_deliverable_ref": {
        "sv": "'{ref}': ange leveransnummer eller MILSTOLPE/ORGAN",
        "en": "'{ref}': give a deliverable id or MILESTONE/BODY",
    },
    "cycle_closed": {
        "sv": "Cykeln för budgetår {year} är stängd",
        "en": "The cycle for budget year {year} is closed",
    },
    "file_missing": {"sv": "{file}: filen finns inte", "en": "{file}: no such file"},
    "file_not_regular": {
        "sv": "{file}: inte en vanlig fil (en symbolisk länk, en mapp eller en enhet); "
        "lämna in själva filen",
        "en": "{file}: not a regular file (a symbolic link, a folder or a device); hand in "
        "the file itself",
    },
    "file_unreadable": {
        "sv": "{file}: filen kan inte läsas ({detail})",
        "en": "{file}: the file cannot be read ({detail})",
    },
    "file_empty": {"sv": "{file}: filen är tom", "en": "{file}: the file is empty"},
    "file_too_large": {
        "sv": "{file}: {size} byte, större än gränsen {limit} byte",
        "en": "{file}: {size} bytes, over the limit of {limit} bytes",
    },
    "file_type": {
        "sv": "{file}: okänd filtyp; godtas gör PDF, DOCX, XLSX, ODT och text",
        "en": "{file}: unrecognised type; accepted are PDF, DOCX, XLSX, ODT and text",
    },
    "identical": {
        "sv": "Identisk med version {version}: inget nytt lämnades in",
        "en": "Identical to version {version}: nothing new was handed in",
    },
    "submitted": {
        "sv": "Leverans {id}: version {version} mottagen {at}",
        "en": "Deliverable {id}: version {version} received {at}",
    },
    "late_submission": {
        "sv": "Inlämnad {days} arbetsdagar efter tidsfristen {deadline}",
        "en": "Handed in {days} business days after the deadline {deadline}",
    },
    "receipt_sent": {"sv": "Kvittens skickad.", "en": "Receipt sent."},
    "receipt_queued": {
        "sv": "Kvittensen ligger i utkorgen och skickas vid nästa körning.",
        "en": "The receipt is in the outbox and goes with the next sweep.",
    },
    "accept_or_return": {"sv": "Välj --accept eller --return", "en": "Choose --accept or --return"},
    "return_needs": {
        "sv": "--return kräver --comment och --deadline",
        "en": "--return needs --comment and --deadline",
    },
    "deadline_past": {
        "sv": "Den nya tidsfristen {date} har redan passerat",
        "en": "The new deadline {date} has already passed",
    },
    "not_submittable": {
        "sv": "'{ref}' tar inte emot en ny version nu ({state})",
        "en": "'{ref}' takes no new version now ({state})",
    },
    "nothing_to_review": {
        "sv": "'{ref}' har ingen inlämnad version som väntar på granskning",
        "en": "'{ref}' has no submitted version waiting for review",
    },
    "reviewed_accepted": {
        "sv": "Version {version} godkänd.{deadline}",
        "en": "Version {version} accepted.{deadline}",
    },
    "reviewed_returned": {
        "sv": "Version {version} återsänd; ny tidsfrist {deadline}.",
        "en": "Version {version} returned; new deadline {deadline}.",
    },
    "secretary_notified": {
        "sv": "Nämndsekreteraren har fått besked.",
        "en": "The nämnd's secretary has been told.",
    },
    "secretary_queued": {
        "sv": "Beskedet till nämndsekreteraren ligger i utkorgen.",
        "en": "The notice to the nämnd's secretary is in the outbox.",
    },
    "chain_ok": {
        "sv": "Kommun {code}: {events} händelser, kedjan är obruten",
        "en": "Municipality {code}: {events} events, the chain is intact",
    },
    "chain_broken": {
        "sv": "Kommun {code}: kedjan bryts vid händelse {seq} (rad {id}): {reason}",
        "en": "Municipality {code}: the chain breaks at event {seq} (row {id}): {reason}",
    },
    "stored_missing": {
        "sv": "Kommun {code}: leverans {id} version {version}: filen {name} saknas i arkivet "
        "(sha256 {sha256}); lämna in samma fil igen för att återställa den",
        "en": "Municipality {code}: deliverable {id} version {version}: the file {name} is "
        "missing from the store (sha256 {sha256}); hand in the same file again to restore it",
    },
    "stored_changed": {
        "sv": "Kommun {code}: leverans {id} version {version}: filen {name} har ändrats i "
        "arkivet; den stämmer inte med sha256 {sha256}",
        "en": "Municipality {code}: deliverable {id} version {version}: the stored file "
        "{name} was changed; it no longer matches sha256 {sha256}",
    },
    "stored_not_regular": {
        "sv": "Kommun {code}: leverans {id} version {version}: i arkivet ligger något annat "
        "än filen {name} (en länk eller en mapp; sha256 {sha256})",
        "en": "Municipality {code}: deliverable {id} version {version}: something other than "
        "the file {name} is in the store (a link or a folder; sha256 {sha256})",
    },
    "checkpoint_truncated": {
        "sv": "Kommun {code}: kedjan når inte längre händelse {seq}, som förseglades {at}: "
        "händelser har tagits bort",
        "en": "Municipality {code}: the chain no longer reaches event {seq}, sealed {at}: "
        "events were removed",
    },
    "checkpoint_rewritten": {
        "sv": "Kommun {code}: händelse {seq} är inte den som förseglades {at}: kedjan är omskriven",
        "en": "Municipality {code}: event {seq} is not the one sealed {at}: the chain was "
        "rewritten",
    },
    "checkpoint_bad_signature": {
        "sv": "Kommun {code}: förseglingen av händelse {seq} ({at}) har en ogiltig signatur",
        "en": "Municipality {code}: the seal of event {seq} ({at}) has an invalid signature",
    },
    "checkpoint_foreign_key": {
        "sv": "Kommun {code}: förseglingen av händelse {seq} ({at}) är signerad med en annan "
        "nyckel än installationens",
        "en": "Municipality {code}: the seal of event {seq} ({at}) is signed with another key "
        "than this installation's",
    },
    "checkpoints_ok": {
        "sv": "{count} förseglingar stämmer med kedjorna",
        "en": "{count} seals match the chains",
    },
    "seal_told": {
        "sv": "Förseglingarna skickades till revisorerna: {sent} av {queued} meddelanden "
        "(resten går med nästa utskick).",
        "en": "The seals went to the auditors: {sent} of {queued} messages (the rest go "
        "with the next sweep).",
    },
    "checkpoint_file": {
        "sv": "{file}: ingen giltig försegling ({detail})",
        "en": "{file}: not a valid checkpoint ({detail})",
    },
    "signing_key_bad": {
        "sv": "Signeringsnyckeln {file} kan inte användas: {detail}",
        "en": "The signing key {file} cannot be used: {detail}",
    },
    "signing_key": {
        "sv": "Nyckeln som förseglar granskningsloggen: {file} (håll den utanför databasen "
        "och dess säkerhetskopior)",
        "en": "The key that seals the audit trail: {file} (keep it apart from the database "
        "and its backups)",
    },
    "table_mismatch": {
        "sv": "Kommun {code}: tabellen {table} rad {id}: {field} är {stored} men "
        "granskningsloggen säger {recorded}",
        "en": "Municipality {code}: table {table} row {id}: {field} is {stored} but the "
        "audit trail says {recorded}",
    },
    "table_unrecorded": {
        "sv": "Kommun {code}: tabellen {table} rad {id} finns inte i granskningsloggen "
        "(ingen händelse skrev den)",
        "en": "Municipality {code}: table {table} row {id} is not in the audit trail (no "
        "event wrote it)",
    },
    "tables_disagree": {
        "sv": "{count} uppgifter i tabellerna stämmer inte med granskningsloggen; inget "
        "exporteras. Kör arshjul audit verify för att se vilka.",
        "en": "{count} values in the tables disagree with the audit trail; nothing is "
        "exported. Run arshjul audit verify to see which.",
    },
    "files_ok": {
        "sv": "{count} lagrade filer är oförändrade",
        "en": "{count} stored files are unchanged",
    },
    "break_edited": {"sv": "innehållet är ändrat", "en": "its content was edited"},
    "break_missing": {"sv": "händelser före den saknas", "en": "events before it are missing"},
    "break_out_of_order": {"sv": "händelserna är omkastade", "en": "events are out of order"},
    "break_broken_link": {
        "sv": "länken till föregående händelse stämmer inte",
        "en": "the link to the previous event does not match",
    },
    "audit_title": {"sv": "Granskningslogg {municipality}", "en": "Audit trail {municipality}"},
    "outbox_title": {"sv": "Utkorg", "en": "Outbox"},
    "dry_run_title": {
        "sv": "Skulle skickas (provkörning, inget skickas)",
        "en": "Would be sent (dry run, nothing is sent)",
    },
    "recipient": {"sv": "Mottagare", "en": "Recipient"},
    "subject": {"sv": "Ämne", "en": "Subject"},
    "kind": {"sv": "Typ", "en": "Kind"},
    "state": {"sv": "Läge", "en": "State"},
    "attempts": {"sv": "Försök", "en": "Attempts"},
    "due": {"sv": "Datum", "en": "Due"},
    "number": {"sv": "Nr", "en": "No."},
    "calendar_written": {
        "sv": "Skrev {count} tidsfrister till {file}",
        "en": "Wrote {count} deadlines to {file}",
    },
    "no_templates": {"sv": "Ingen mallmapp: {folder}", "en": "No template folder: {folder}"},
    "templates_ok": {"sv": "{folder}: mallarna är giltiga", "en": "{folder}: templates are valid"},
    "error": {"sv": "fel", "en": "error"},
}

LAW: dict[str, dict[str, str]] = {
    "law_untagged": {
        "sv": "ingen milstolpe har law: {tag}; regeln kan inte prövas",
        "en": "no milestone has law: {tag}; the rule cannot be checked",
    },
    "law_ks_budget_late": {
        "sv": "KS förslag till budget {date} är efter {limit}",
        "en": "KS's budget proposal {date} is after {limit}",
    },
    "law_kf_budget_late": {
        "sv": "KF fastställer budgeten {date}, efter {limit}",
        "en": "KF sets the budget on {date}, after {limit}",
    },
    "law_kf_budget_before_new_council": {
        "sv": "valår {election_year}: budgeten fastställs {date}, innan nyvalda fullmäktige "
        "tillträder {limit}",
        "en": "election year {election_year}: the budget is set on {date}, before the newly "
        "elected council takes office on {limit}",
    },
    "law_annual_report_late": {
        "sv": "årsredovisningen lämnas {date}, efter {limit}",
        "en": "the annual report is handed over on {date}, after {limit}",
    },
    "law_ansvarsfrihet_late": {
        "sv": "KF prövar årsredovisning och ansvarsfrihet {date}, efter {limit}",
        "en": "KF decides on the annual report and discharge on {date}, after {limit}",
    },
    "law_interim_period": {
        "sv": "delårsrapporten omfattar {months} månader; den ska omfatta "
        "minst hälften och högst två tredjedelar av året (6–8)",
        "en": "the interim report covers {months} months; it must cover at "
        "least half and at most two thirds of the year (6–8)",
    },
    "law_interim_late": {
        "sv": "delårsrapporten lämnas {date}, senare än två månader efter periodens slut ({limit})",
        "en": "the interim report is handed over on {date}, more than two "
        "months after its period ends ({limit})",
    },
    "law_kf_notice_late": {
        "sv": "kungörelsen {date} är mindre än en vecka före KF {meeting_date}",
        "en": "the notice on {date} is less than a week before KF on {meeting_date}",
    },
    "law_ks_budget_november": {
        "sv": "KS förslag till budget {date} ligger i november: lagligt bara av särskilda skäl, "
        "och då ska KS ha föreslagit skattesatsen före oktobers utgång ({tax_rate}, "
        "{tax_rate_date})",
        "en": "KS's budget proposal {date} falls in November: lawful only for särskilda skäl "
        "(special reasons), and then KS must have proposed the tax rate before the end of "
        "October ({tax_rate}, {tax_rate_date})",
    },
    "law_account_order": {
        "sv": "{then} ({date}) kommer inte efter {first} ({first_date})",
        "en": "{then} ({date}) does not come after {first} ({first_date})",
    },
    "law_kf_interim_not_kf": {
        "sv": "delårsrapporten ska behandlas av KF självt (law: kf_interim_report)",
        "en": "the interim report must be handled by KF itself (law: kf_interim_report)",
    },
    "law_decision_not_on_meeting": {
        "sv": "{body} beslutar {date}, en dag då {body} inte sammanträder",
        "en": "{body} decides on {date}, a day {body} does not meet",
    },
    "law_kf_notice_missing": {
        "sv": "KF-sammanträdet {meeting} har ingen kungörelse (law: kf_notice)",
        "en": "KF meeting {meeting} has no notice milestone (law: kf_notice)",
    },
}

PROBLEMS: dict[str, dict[str, str]] = {
    "yaml_syntax": {"sv": "YAML-syntaxfel: {detail}", "en": "YAML syntax error: {detail}"},
    "unreadable": {"sv": "filen kan inte läsas: {detail}", "en": "cannot read file: {detail}"},
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
        "sv": "{count} mål valda; högst {max}",
        "en": "{count} goals chosen; at most {max}",
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
    "dependency_order": {
        "sv": "{milestone} ({deadline}) infaller före {dependency} "
        "({dependency_deadline}) som den beror på",
        "en": "{milestone} ({deadline}) falls before {dependency} "
        "({dependency_deadline}) which it depends on",
    },
}


def sek(amount: int | None) -> str:
    """412500000 -> '412 500 000' (Swedish thousands separator); None -> '-'."""
    return "-" if amount is None else f"{amount:,}".replace(",", "\u00a0")


def lang_of(lang: str) -> str:
    return lang if lang in LANGUAGES else "sv"


def _merge_web_labels() -> None:
    from arshjul.texts.web import WEB_LABELS

    clash = LABELS.keys() & WEB_LABELS.keys()
    assert not clash, clash
    LABELS.update(WEB_LABELS)


_merge_web_labels()


def label(key: str, lang: str, **params: Any) -> str:
    return LABELS[key][lang_of(lang)].format(**params)


def status_label(status: Status, lang: str) -> str:
    return STATUS_LABELS[status][lang_of(lang)]


@lru_cache(maxsize=4096)  # a sweep writes thousands of notices about a few dozen dates
def long_date(day: dt.date, lang: str) -> str:
    """'fredag 15 maj 2020' in Swedish, 'Friday 15 May 2020' in English."""
    lang = lang_of(lang)
    return f"{weekday_name(day, lang)} {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


@lru_cache(maxsize=4096)  # asked once per notice; a sweep has thousands with few dates
def shift_note(shifted: Shifted, lang: str) -> str:
    """Why a date moved, e.g. 'flyttad från söndag 20 september 2020 (söndag; föregående…)'."""
    if not shifted.moved:
        return ""
    reasons = ", ".join(dict.fromkeys(off.name(lang_of(lang)) for off in shifted.passed))
    return label(
        "moved_from",
        lang,
        nominal=long_date(shifted.nominal, lang),
        reasons=reasons,
        rule=SHIFT_LABELS[shifted.rule][lang_of(lang)],
    )


def finding_line(finding: Any, file: str, lang: str) -> str:
    """One line per law finding: 'file: subject: error: message (source)'."""
    lang = lang_of(lang)
    params = {k: _param(v) for k, v in finding.params.items()}
    message = LAW[finding.code][lang].format_map(_Defaulting(params))
    severity = label("warning" if finding.severity is Severity.WARNING else "error", lang)
    return f"{file}: {finding.subject}: {severity}: {message} ({finding.source})"


def _param(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "-"
    return str(value)


def problem_line(problem: Problem, lang: str) -> str:
    """One line per problem: 'file:line: field: message', the way compilers write them."""
    lang = lang_of(lang)
    params = {k: _param(v) for k, v in problem.params.items()}
    if problem.code == "dependency_cycle":
        params["cycle"] = " → ".join(problem.params.get("cycle", []))
    message = PROBLEMS[problem.code][lang].format_map(_Defaulting(params))
    where = problem.file + (f":{problem.line}" if problem.line else "")
    field = f" {problem.field}:" if problem.field else ""
    prefix = f"{label('warning', lang)}: " if problem.severity is Severity.WARNING else ""
    return f"{where}:{field} {prefix}{message}"


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"

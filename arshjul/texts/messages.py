"""What the commands print and the errors every edge shows (the CLI and the web share
them): one entry per key, Swedish and English."""

from __future__ import annotations

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
        "sv": "{file}: giltig ({milestones} {milestones|milstolpe|milstolpar}, {deliverables} "
        "{deliverables|leverans|leveranser} för "
        "budgetår {year})",
        "en": "{file}: valid ({milestones} {milestones|milestone|milestones}, {deliverables} "
        "{deliverables|deliverable|deliverables} for "
        "budget year {year})",
    },
    "invalid": {"sv": "{file}: {count} fel", "en": "{file}: {count} {count|error|errors}"},
    "mail_domain_not_qualified": {
        "sv": "Varning: {variable} har domänen '{domain}', som inte är ett fullständigt "
        "domännamn: e-post via SMTP med den märks troligen som skräppost eller nekas "
        "(ange en riktig domän, t.ex. timra.se)",
        "en": "Warning: {variable} has the domain '{domain}', which is not fully qualified: "
        "mail sent over SMTP with it is likely marked as spam or refused (set a real "
        "domain, e.g. timra.se)",
    },
    "initialised": {"sv": "Databasen är klar: {url}", "en": "Database ready: {url}"},
    "planned": {
        "sv": "Planerade {municipality} budgetår {year}: {created} {created|ny|nya}, {updated} "
        "{updated|ändrad|ändrade}, {moved} {moved|flyttad tidsfrist|flyttade tidsfrister}, "
        "{retired} {retired|borttagen|borttagna}",
        "en": "Planned {municipality} budget year {year}: {created} created, {updated} "
        "updated, {moved} {moved|deadline|deadlines} moved, {retired} retired",
    },
    "moved_line": {"sv": "  {milestone}: {old} → {new}", "en": "  {milestone}: {old} → {new}"},
    "mirror_failed": {
        "sv": "Prefect tog inte emot {count} {count|ändring|ändringar} (servern var upptagen "
        "eller svarade med fel); kör `arshjul prefect sync` igen när den svarar, så görs "
        "bara det som saknas:",
        "en": "Prefect did not take {count} {count|change|changes} (the server was busy or "
        "answered with an error); run `arshjul prefect sync` again when it answers, and only "
        "what is missing is done:",
    },
    "mirror_failed_line": {"sv": "  {line}", "en": "  {line}"},
    "mirrored": {
        "sv": "Prefect ({deployment}): {created} {created|ny körning|nya körningar}, "
        "{rescheduled} {rescheduled|omplanerad|omplanerade}, {updated} "
        "{updated|ändrad|ändrade}, {deleted} {deleted|borttagen|borttagna}, {unchanged} "
        "{unchanged|oförändrad|oförändrade}",
        "en": "Prefect ({deployment}): {created} {created|run|runs} created, {rescheduled} "
        "rescheduled, "
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
    "demo_ahead": {
        "sv": "--as-of {value} har inte varit än: demon spelar året fram till en dag som "
        "har varit (utan --as-of: i dag)",
        "en": "--as-of {value} has not come yet: the demo plays the year up to a day that "
        "has passed (without --as-of: today)",
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
        "sv": "flyttad från {nominal} till {date}: {reasons}",
        "en": "moved from {nominal} to {date}: {reasons}",
    },
    "late_days": {
        "sv": "{days} {days|arbetsdag|arbetsdagar} sent",
        "en": "{days} business {days|day|days} late",
    },
    "overdue_days": {
        "sv": "{days} {days|arbetsdag|arbetsdagar} över",
        "en": "{days} business {days|day|days} over",
    },
    "warning": {"sv": "varning", "en": "warning"},
    "optional_suffix": {"sv": " (frivillig)", "en": " (optional)"},
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
    "cell_due": {"sv": "– (senast {limit})", "en": "– (due {limit})"},
    "cell_late": {"sv": "{date} (för sent: senast {limit})", "en": "{date} (late: due {limit})"},
    "cell_provisional": {"sv": "{date} (preliminärt)", "en": "{date} (provisional)"},
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
        "en": "{file}: valid ({goals} {goals|goal|goals}: {names})",
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
    "database_symlink": {
        "sv": "{path}: databasen är en symbolisk länk; ange databasens verkliga sökväg",
        "en": "{path}: the database is a symbolic link; give the database's real path",
    },
    "file_invalid": {
        "sv": "{file}: {count} fel; inget har sparats",
        "en": "{file}: {count} {count|error|errors}; nothing was stored",
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
        "sv": "Budgeten är över ramen; {count} samordnare {count|underrättad|underrättade}.",
        "en": "The budget is over the frame; {count} {count|coordinator|coordinators} notified.",
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
        "sv": "Påminnelser {when}: {planned} {planned|aktuell|aktuella}, {new} {new|ny|nya} i "
        "utkorgen, {sent} {sent|skickad|skickade}, {retry} försöks igen, {failed} "
        "{failed|misslyckad|misslyckade}",
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
        "sv": "{count} {count|meddelande|meddelanden} skickas igen vid nästa utskick: {ids}",
        "en": "{count} {count|message|messages} go again with the next sweep: {ids}",
    },
    "serving": {
        "sv": "Prefect-servern: {api} (öppna utan /api i en webbläsare). Avsluta med Ctrl-C.",
        "en": "Prefect server: {api} (open it without /api in a browser). Stop with Ctrl-C.",
    },
    "serve_stopped": {
        "sv": "Avslutat: {cancelled} {cancelled|pågående körning|pågående körningar} "
        "markerades som {cancelled|avbruten|avbrutna}.",
        "en": "Stopped: {cancelled} {cancelled|run|runs} in flight were marked cancelled.",
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
        "sv": "{count} {count|meddelande|meddelanden} till samordnarna om misslyckade utskick "
        "ligger i utkorgen.",
        "en": "{count} {count|notice|notices} to the coordinators about failed messages are in "
        "the outbox.",
    },
    "templates_broken": {
        "sv": "Mallarna för kommun {code} är trasiga; inget köades för den:",
        "en": "The templates of municipality {code} are broken; nothing was queued for it:",
    },
    "database_busy": {
        "sv": "Databasen är låst av en annan process sedan {seconds} {seconds|sekund|sekunder}; "
        "inget har "
        "sparats. Försök igen om en stund (ARSHJUL_DB_BUSY_SECONDS styr väntan).",
        "en": "The database has been locked by another process for {seconds} "
        "{seconds|second|seconds}; nothing "
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
        "en": "Late: {count} {count|has|have} not handed in {title} (due {deadline}); overdue "
        "notices are in the outbox.",
    },
    "mirror_late_decision": {
        "sv": "Försenad: {title} skulle ha beslutats senast {deadline}, men inget beslut är "
        "registrerat; påminnelser om försening ligger i utkorgen.",
        "en": "Late: {title} was to be decided by {deadline}, but no decision is recorded; "
        "overdue notices are in the outbox.",
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
        "sv": "Prefect: planeringen schemalägger {count} {count|körning|körningar} av "
        "milestone_due, en per "
        "milstolpe när dess sista dag slutar (arshjul plan, arshjul prefect sync); de närmaste:",
        "en": "Prefect: planning schedules {count} {count|run|runs} of milestone_due, one per "
        "milestone "
        "when its last day ends (arshjul plan, arshjul prefect sync); the next:",
    },
    "db_revision": {
        "sv": "Databasens schema: {revision} (senaste: {head})",
        "en": "Database schema: {revision} (newest: {head})",
    },
    "run_sweep": {"sv": "utskick {day}", "en": "sweep {day}"},
    "run_retries": {"sv": "omförsök {minute}", "en": "retries {minute}"},
    "run_decision_late": {
        "sv": "sent beslut: {decision} {year} ({code})",
        "en": "late decision: {decision} {year} ({code})",
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
    "file_archive_refused": {
        "sv": "{file}: ett ZIP-arkiv (som DOCX, XLSX och ODT är) med {members} delar som packas "
        "upp till {unpacked_mb} MB; gränserna är {max_members} delar, {max_unpacked_mb} MB och "
        "komprimering högst {max_ratio} gånger: filen godtas inte",
        "en": "{file}: a ZIP archive (as DOCX, XLSX and ODT are) of {members} members that "
        "unpacks to {unpacked_mb} MB; the limits are {max_members} members, {max_unpacked_mb} MB "
        "and compression of at most {max_ratio} times: the file is refused",
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
        "sv": "Inlämnad {days} {days|arbetsdag|arbetsdagar} efter tidsfristen {deadline}",
        "en": "Handed in {days} business {days|day|days} after the deadline {deadline}",
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
        "sv": "Kommun {code}: {events} {events|händelse|händelser}, kedjan är obruten",
        "en": "Municipality {code}: {events} {events|event|events}, the chain is intact",
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
    "stored_leftover": {
        "sv": "{path}: en tillfällig fil ({size} byte) efter en inlämning som avbröts; den "
        "hör inte till någon inlämning (ta bort den med --repair)",
        "en": "{path}: a temporary file ({size} bytes) left by a hand-in that was stopped; it "
        "belongs to no submission (remove it with --repair)",
    },
    "stored_leftover_removed": {
        "sv": "{path}: borttagen, en tillfällig fil ({size} byte) efter en inlämning som avbröts",
        "en": "{path}: removed, a temporary file ({size} bytes) left by a hand-in that was stopped",
    },
    "stored_leftover_writing": {
        "sv": "{path}: en inlämning skriver filen just nu ({size} byte)",
        "en": "{path}: a hand-in is writing this file now ({size} bytes)",
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
    "checkpoint_missing": {
        "sv": "Kommun {code}: förseglingen av händelse {seq} skickades till revisorerna {at} "
        "men finns inte i databasen: förseglingar har tagits bort",
        "en": "Municipality {code}: the seal of event {seq} was sent to the auditors {at} but "
        "is not in the database: seals were removed",
    },
    "checkpoint_file_empty": {
        "sv": "{file}: filen innehåller ingen försegling och bevisar ingenting; spara "
        "utskriften av arshjul audit seal",
        "en": "{file}: the file holds no checkpoint and proves nothing; keep the output of "
        "arshjul audit seal",
    },
    "checkpoints_ok": {
        "sv": "{count} {count|försegling stämmer|förseglingar stämmer} med kedjorna",
        "en": "{count} {count|seal matches|seals match} the chains",
    },
    "seal_told": {
        "sv": "Förseglingarna skickades till revisorerna: {sent} av {queued} "
        "{queued|meddelande|meddelanden} "
        "(resten går med nästa utskick).",
        "en": "The seals went to the auditors: {sent} of {queued} {queued|message|messages} (the "
        "rest go "
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
        "sv": "{count} {count|uppgift|uppgifter} i tabellerna stämmer inte med "
        "granskningsloggen; inget exporteras. Kör arshjul audit verify för att se vilka.",
        "en": "{count} {count|value|values} in the tables {count|disagrees|disagree} with the "
        "audit trail; nothing is exported. Run arshjul audit verify to see which.",
    },
    "files_ok": {
        "sv": "{count} {count|lagrad fil är oförändrad|lagrade filer är oförändrade}",
        "en": "{count} {count|stored file is|stored files are} unchanged",
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
        "sv": "Skrev {count} {count|tidsfrist|tidsfrister} till {file}",
        "en": "Wrote {count} {count|deadline|deadlines} to {file}",
    },
    "no_templates": {"sv": "Ingen mallmapp: {folder}", "en": "No template folder: {folder}"},
    "templates_ok": {"sv": "{folder}: mallarna är giltiga", "en": "{folder}: templates are valid"},
    "error": {"sv": "fel", "en": "error"},
    "extension_closed": {
        "sv": "Budgetåret är stängt; dess tidsfrister ändras inte längre.",
        "en": "The budget year is closed; its deadlines no longer change.",
    },
    "extension_needs_reason": {
        "sv": "Ange varför den nya tidsfristen ges: skälet visas för nämnden och loggas.",
        "en": "Say why the new deadline is given: the reason is shown to the nämnd and logged.",
    },
    "extension_reason_too_long": {
        "sv": "Skälet får vara högst {limit} tecken.",
        "en": "The reason may be at most {limit} characters.",
    },
    "extension_in_past": {
        "sv": "Den nya tidsfristen {date} har redan passerat; välj i dag eller senare.",
        "en": "The new deadline {date} has already passed; choose today or later.",
    },
    "extension_day_off": {
        "sv": "{date} är inte en arbetsdag ({day}); välj en arbetsdag.",
        "en": "{date} is not a business day ({day}); choose a business day.",
    },
    "extension_after_hand_in": {
        "sv": "Något är redan inlämnat: ändra tidsfristen genom att återsända versionen med "
        "en ny tidsfrist i granskningen.",
        "en": "Something has been handed in already: change the deadline by returning the "
        "version with a new deadline in the review.",
    },
    "extended": {
        "sv": "Ny tidsfrist {new} (var {old}); {count} {count|meddelande|meddelanden} om det "
        "ändrade datumet till nämndens sekreterare.",
        "en": "New deadline {new} (was {old}); {count} changed-date {count|notice|notices} "
        "to the nämnd's secretaries.",
    },
    "remind_not_outstanding": {
        "sv": "Leveransen är inte utestående (status {status}); ingen påminnelse skickas.",
        "en": "The deliverable is not outstanding (status {status}); no reminder is sent.",
    },
    "reminded": {
        "sv": "{count} {count|påminnelse|påminnelser} till nämndens sekreterare ({status}).",
        "en": "{count} {count|reminder|reminders} to the nämnd's secretaries ({status}).",
    },
    "reminded_already": {
        "sv": "En påminnelse har redan skickats i dag ({status}); ingen ny skickas.",
        "en": "A reminder has already been sent today ({status}); no new one is sent.",
    },
    "stand_in_bad_address": {
        "sv": "Skriv exakt en e-postadress, utan namn eller kommatecken.",
        "en": "Write exactly one e-mail address, without a name or commas.",
    },
    "stand_in_self": {
        "sv": "En person kan inte vara sin egen ersättare.",
        "en": "A person cannot stand in for themselves.",
    },
    "stand_in_ends_before": {
        "sv": "Perioden slutar innan den börjar.",
        "en": "The period ends before it begins.",
    },
    "stand_in_in_past": {
        "sv": "Perioden har redan passerat.",
        "en": "The period is already over.",
    },
    "stand_in_too_long": {
        "sv": "En ersättare kan ordnas för högst ett år; längre är ett byte av person.",
        "en": "A stand-in can be arranged for at most a year; longer is a change of person.",
    },
    "stand_in_reason_too_long": {
        "sv": "Skälet får vara högst 300 tecken.",
        "en": "The reason may be at most 300 characters.",
    },
    "stand_in_unknown": {
        "sv": "{value} är ingen person i kommunen.",
        "en": "{value} is no person of the municipality.",
    },
    "unknown_stand_in": {
        "sv": "Det finns ingen pågående ersättning nr {id}.",
        "en": "There is no stand-in no. {id} under way.",
    },
    "stand_in_added": {
        "sv": "{stand_in} ersätter {absent} {first}–{last}.",
        "en": "{stand_in} stands in for {absent} {first}–{last}.",
    },
    "stand_in_ended": {
        "sv": "Ersättningen av {absent} är avslutad.",
        "en": "The stand-in for {absent} has ended.",
    },
    "stand_ins_title": {"sv": "Ersättare i {municipality}", "en": "Stand-ins in {municipality}"},
    "stand_in_none": {"sv": "Inga ersättare är ordnade.", "en": "No stand-ins are arranged."},
}

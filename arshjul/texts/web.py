"""The web application's texts, part of the one catalogue (merged into LABELS). Swedish
first; official terms (nämnd, KS, KF) stay as they are in English too."""

from __future__ import annotations

WEB_LABELS: dict[str, dict[str, str]] = {
    "web_app": {"sv": "Årshjulet", "en": "Annual cycle"},
    "demo_web": {
        "sv": "Webbapplikationen: starta den med `{command}` och öppna {url}. Inloggningslänkar "
        "(gäller en gång, i 15 minuter; sidorna visar då läget {date}, demons dag, utan "
        "att något kan ändras där):",
        "en": "The web application: start it with `{command}` and open {url}. Sign-in links "
        "(each works once, for 15 minutes; the pages then show the state on {date}, the "
        "demo's day, where nothing can be changed):",
    },
    "demo_web_today": {
        "sv": "Webbapplikationen: starta den med `{command}` och öppna {url}. Inloggningslänkar "
        "(gäller en gång, i 15 minuter):",
        "en": "The web application: start it with `{command}` and open {url}. Sign-in links "
        "(each works once, for 15 minutes):",
    },
    "demo_web_link": {"sv": "{role} ({email}):", "en": "{role} ({email}):"},
    "role_secretary": {"sv": "Nämndsekreterare", "en": "Secretary"},
    "role_coordinator": {"sv": "Samordnare", "en": "Coordinator"},
    "role_auditor": {"sv": "Revisor", "en": "Auditor"},
    "role_admin": {"sv": "Administratör", "en": "Administrator"},
    "role_chair": {"sv": "Ordförande", "en": "Chair"},
    "web_listening": {
        "sv": "Webbapplikationen svarar på {url} (avsluta med Ctrl-C)",
        "en": "The web application answers at {url} (stop with Ctrl-C)",
    },
    "web_body_too_large": {
        "sv": "Begäran är för stor: högst {limit} kB här.",
        "en": "The request is too large: at most {limit} kB here.",
    },
    "web_body_too_slow": {
        "sv": "Begäran kom för långsamt och avbröts. Försök igen.",
        "en": "The request arrived too slowly and was cut off. Try again.",
    },
    "web_bad_proxies": {
        "sv": "ARSHJUL_WEB_TRUSTED_PROXIES: {detail} (ange adresser eller nät, t.ex. "
        "127.0.0.1,10.0.0.0/24, eller *)",
        "en": "ARSHJUL_WEB_TRUSTED_PROXIES: {detail} (give addresses or networks, e.g. "
        "127.0.0.1,10.0.0.0/24, or *)",
    },
    "web_skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "web_nav": {"sv": "Huvudmeny", "en": "Main menu"},
    "web_wheel": {"sv": "Årshjulet", "en": "The wheel"},
    "web_board": {"sv": "Översikt", "en": "Overview"},
    "web_mine": {"sv": "Mina leveranser", "en": "My deliverables"},
    "web_signed_in_as": {"sv": "Inloggad som {email}", "en": "Signed in as {email}"},
    "web_sign_out": {"sv": "Logga ut", "en": "Sign out"},
    "web_sign_in": {"sv": "Logga in", "en": "Sign in"},
    "web_sign_in_intro": {
        "sv": "Skriv din e-postadress så skickar vi en inloggningslänk. Länken gäller i 15 "
        "minuter och fungerar en gång.",
        "en": "Enter your e-mail address and we will send you a sign-in link. The link is "
        "valid for 15 minutes and works once.",
    },
    "web_email": {"sv": "E-postadress", "en": "E-mail address"},
    "web_send_link": {"sv": "Skicka länk", "en": "Send link"},
    "web_link_sent": {
        "sv": "Om adressen finns hos oss har vi skickat en inloggningslänk till den. Titta i "
        "inkorgen (och skräpposten).",
        "en": "If the address is ours, a sign-in link is on its way to it. Look in the inbox "
        "(and the spam folder).",
    },
    "web_bad_address": {
        "sv": "Skriv en e-postadress, till exempel namn@kommun.se.",
        "en": "Enter an e-mail address, such as name@municipality.se.",
    },
    "web_too_many": {
        "sv": "För många försök. Vänta en kvart och försök igen.",
        "en": "Too many attempts. Wait a quarter of an hour and try again.",
    },
    "web_confirm_title": {"sv": "Logga in i årshjulet", "en": "Sign in to the annual cycle"},
    "web_confirm_intro": {
        "sv": "Tryck på knappen för att logga in. (Knappen finns så att e-postprogram som "
        "förhandsgranskar länkar inte förbrukar den.)",
        "en": "Press the button to sign in. (The button is there so that mail programs that "
        "preview links do not use it up.)",
    },
    "web_link_used": {
        "sv": "Länken är redan använd. Be om en ny.",
        "en": "The link has been used already. Ask for a new one.",
    },
    "web_link_expired": {
        "sv": "Länken har gått ut. Be om en ny.",
        "en": "The link has expired. Ask for a new one.",
    },
    "web_link_unknown": {
        "sv": "Länken fungerar inte. Be om en ny.",
        "en": "The link does not work. Ask for a new one.",
    },
    "web_ask_again": {"sv": "Be om en ny länk", "en": "Ask for a new link"},
    "web_forbidden": {
        "sv": "Det här får du inte göra. Försöket är loggat.",
        "en": "You may not do this. The attempt has been logged.",
    },
    "web_csrf": {
        "sv": "Formuläret kunde inte skickas (gammal eller saknad säkerhetskod). Ladda om "
        "sidan och försök igen.",
        "en": "The form could not be sent (an old or missing security code). Reload the page "
        "and try again.",
    },
    "web_not_found": {"sv": "Sidan finns inte.", "en": "The page does not exist."},
    "web_wheel_title": {
        "sv": "Årshjulet {municipality} {year}",
        "en": "Annual cycle {municipality} {year}",
    },
    "web_wheel_caption": {
        "sv": "Årets milstolpar runt hjulet, med färg och symbol för läget; KF:s och KS:s "
        "sammanträden på kanten; nålen visar i dag.",
        "en": "The year's milestones round the wheel, with colour and symbol for where they "
        "stand; KF's and KS's meetings on the rim; the needle is today.",
    },
    "web_wheel_table": {"sv": "Årets milstolpar", "en": "The year's milestones"},
    "web_meetings": {"sv": "KF:s och KS:s sammanträden", "en": "KF's and KS's meetings"},
    "web_phases": {"sv": "Faser", "en": "Phases"},
    "web_today": {"sv": "I dag {date}", "en": "Today {date}"},
    "web_year_before": {"sv": "Föregående år", "en": "Previous year"},
    "web_year_after": {"sv": "Nästa år", "en": "Next year"},
    "web_budget_year": {"sv": "Budgetår", "en": "Budget year"},
    "web_phase": {"sv": "Fas", "en": "Phase"},
    "web_bodies": {"sv": "Organ", "en": "Bodies"},
    "web_meeting": {"sv": "Sammanträde", "en": "Meeting"},
    "web_date": {"sv": "Datum", "en": "Date"},
    "web_no_milestones": {
        "sv": "Inga milstolpar det här året.",
        "en": "No milestones this year.",
    },
    "web_filter": {"sv": "Filtrera", "en": "Filter"},
    "web_all": {"sv": "Alla", "en": "All"},
    "web_as_of": {"sv": "Läge per", "en": "As of"},
    "web_bad_date": {
        "sv": "Skriv datumet som ÅÅÅÅ-MM-DD.",
        "en": "Write the date as YYYY-MM-DD.",
    },
    "web_board_title": {
        "sv": "Översikt {municipality}, budgetår {year}, läge {date}",
        "en": "Overview {municipality}, budget year {year}, as of {date}",
    },
    "web_mine_title": {"sv": "Mina leveranser", "en": "My deliverables"},
    "web_mine_none": {
        "sv": "Du är inte sekreterare för något organ, så du har inga egna leveranser.",
        "en": "You are not the secretary of any body, so you have no deliverables of your own.",
    },
    "web_deliverable": {"sv": "Leverans", "en": "Deliverable"},
    "web_versions": {"sv": "Versioner", "en": "Versions"},
    "web_hand_in": {"sv": "Lämna in", "en": "Hand in"},
    "web_files": {"sv": "Filer", "en": "Files"},
    "web_files_hint": {
        "sv": "PDF, Word, Excel, OpenDocument, PNG, JPEG eller text; högst {mb} MB per fil. "
        "Flera filer går bra.",
        "en": "PDF, Word, Excel, OpenDocument, PNG, JPEG or text; at most {mb} MB a file. "
        "Several files are fine.",
    },
    "web_commitments": {
        "sv": "Åtaganden (mål och bidrag, YAML eller JSON)",
        "en": "Commitments (goals and contributions, YAML or JSON)",
    },
    "web_budget_total": {"sv": "Budgetens summa i kronor", "en": "The budget's total in kronor"},
    "web_diarienummer": {"sv": "Diarienummer", "en": "Diarienummer (registration number)"},
    "web_comment": {"sv": "Kommentar", "en": "Comment"},
    "web_version": {"sv": "Version", "en": "Version"},
    "web_handed_in": {"sv": "Inlämnad", "en": "Handed in"},
    "web_review": {"sv": "Granskning", "en": "Review"},
    "web_review_accepted": {"sv": "godkänd", "en": "accepted"},
    "web_review_returned": {"sv": "återsänd", "en": "returned"},
    "web_no_versions": {"sv": "Inget inlämnat ännu.", "en": "Nothing handed in yet."},
    "web_no_files": {"sv": "Välj minst en fil.", "en": "Choose at least one file."},
    "web_bad_total": {
        "sv": "Skriv summan i hela kronor, till exempel 412 500 000.",
        "en": "Write the total in whole kronor, such as 412 500 000.",
    },
    "web_upload_not_form": {
        "sv": "Formuläret kom inte fram som ett filformulär.",
        "en": "The form did not arrive as a file form.",
    },
    "web_upload_too_large": {
        "sv": "En fil är större än {limit} MB; inget har sparats.",
        "en": "A file is larger than {limit} MB; nothing has been stored.",
    },
    "web_upload_too_many": {
        "sv": "Högst {limit} {limit|fil|filer} per inlämning.",
        "en": "At most {limit} {limit|file|files} a hand-in.",
    },
    "web_upload_field_too_long": {
        "sv": "Ett fält är för långt; inget har sparats.",
        "en": "A field is too long; nothing has been stored.",
    },
    "web_receipt": {"sv": "Kvittens", "en": "Receipt"},
    "web_receipt_intro": {
        "sv": "Vi har tagit emot {deliverable} från {body}, version {version}.",
        "en": "We have received {deliverable} from {body}, version {version}.",
    },
    "web_late": {
        "sv": "inlämnad {days} {days|arbetsdag|arbetsdagar} sent",
        "en": "handed in {days} business {days|day|days} late",
    },
    "web_on_time": {"sv": "inlämnad i tid", "en": "handed in on time"},
    "web_file": {"sv": "Fil", "en": "File"},
    "web_size": {"sv": "Storlek", "en": "Size"},
    "web_back_to_deliverable": {"sv": "Tillbaka till leveransen", "en": "Back to the deliverable"},
    "newer_version": {
        "sv": "Version {latest} har lämnats in efter den du granskade (version {seen}). Titta "
        "på den först; inget har sparats.",
        "en": "Version {latest} was handed in after the one you reviewed (version {seen}). "
        "Look at it first; nothing has been stored.",
    },
    "web_queue": {"sv": "Granskning", "en": "Review"},
    "web_queue_title": {"sv": "Att granska", "en": "To review"},
    "web_queue_empty": {
        "sv": "Inget väntar på granskning.",
        "en": "Nothing is waiting for review.",
    },
    "web_accept": {"sv": "Godkänn version {version}", "en": "Accept version {version}"},
    "web_return": {"sv": "Skicka tillbaka version {version}", "en": "Return version {version}"},
    "web_return_comment": {
        "sv": "Vad saknas (krävs för att skicka tillbaka)",
        "en": "What is missing (needed to return)",
    },
    "web_new_deadline": {"sv": "Ny tidsfrist (ÅÅÅÅ-MM-DD)", "en": "New deadline (YYYY-MM-DD)"},
    "web_reviewed": {"sv": "Granskningen är sparad.", "en": "The review is saved."},
    "unknown_file": {
        "sv": "Ingen lagrad fil har kontrollsumman {sha256}.",
        "en": "No stored file has the checksum {sha256}.",
    },
    "web_revision": {"sv": "Revision", "en": "Audit"},
    "web_revision_title": {"sv": "Revision {municipality}", "en": "Audit {municipality}"},
    "web_kind": {"sv": "Händelse", "en": "Event"},
    "web_person": {"sv": "Person (e-post)", "en": "Person (e-mail)"},
    "web_from": {"sv": "Från (ÅÅÅÅ-MM-DD)", "en": "From (YYYY-MM-DD)"},
    "web_to": {"sv": "Till (ÅÅÅÅ-MM-DD)", "en": "To (YYYY-MM-DD)"},
    "web_verify": {"sv": "Verifiera kedjan", "en": "Verify the chain"},
    "web_chain_ok": {
        "sv": "Kedjan är hel: {events} {events|händelse|händelser}, varje hash stämmer.",
        "en": "The chain is whole: {events} {events|event|events}, every hash checks out.",
    },
    "web_chain_broken": {
        "sv": "Kedjan är bruten vid händelse {seq}: {reason}.",
        "en": "The chain is broken at event {seq}: {reason}.",
    },
    "web_events_shown": {
        "sv": "{shown} av {total} {total|händelse|händelser} (de senaste).",
        "en": "{shown} of {total} {total|event|events} (the latest).",
    },
    "web_exports": {"sv": "Export av inlämningar", "en": "Submissions exported"},
    "web_csv": {"sv": "CSV, budgetår {year}", "en": "CSV, budget year {year}"},
    "web_xlsx": {"sv": "Excel, budgetår {year}", "en": "Excel, budget year {year}"},
    "web_actor": {"sv": "Vem", "en": "Who"},
    "web_subject": {"sv": "Gäller", "en": "Concerning"},
    "web_seq": {"sv": "Nr", "en": "No."},
    "web_calendar": {"sv": "Kalender", "en": "Calendar"},
    "web_calendar_intro": {
        "sv": "Prenumerera på tidsfristerna för dina organ i din egen kalender (Outlook, "
        "Google, Apple). Länken är personlig: den som har den kan läsa kalendern.",
        "en": "Subscribe to your bodies' deadlines in your own calendar (Outlook, Google, "
        "Apple). The link is personal: whoever has it can read the calendar.",
    },
    "web_calendar_link_once": {
        "sv": "Din prenumerationslänk (visas bara nu; den förra slutar fungera):",
        "en": "Your subscription link (shown only now; the one before stops working):",
    },
    "web_calendar_new": {"sv": "Skapa prenumerationslänk", "en": "Make a subscription link"},
    "web_calendar_replace": {"sv": "Skapa ny länk", "en": "Make a new link"},
    "web_calendar_revoke": {"sv": "Återkalla länken", "en": "Revoke the link"},
    "web_open_data": {
        "sv": "Öppna data: KF:s och KS:s datum",
        "en": "Open data: KF's and KS's dates",
    },
    "web_open_data_title": {
        "sv": "{municipality}: KF:s och KS:s sammanträden och beslut",
        "en": "{municipality}: KF's and KS's meetings and decisions",
    },
    "web_open_data_intro": {
        "sv": "Fritt att använda. Inga personuppgifter.",
        "en": "Free to use. No personal data.",
    },
    "web_sso": {
        "sv": "Logga in med kommunens konto",
        "en": "Sign in with the municipality's account",
    },
    "web_sso_failed": {
        "sv": "Inloggningen via kommunens konto gick inte igenom. Försök igen.",
        "en": "Signing in with the municipality's account did not go through. Try again.",
    },
    "web_sso_unverified": {
        "sv": "Kontot har ingen bekräftad e-postadress, så vi vet inte vem du är i årshjulet.",
        "en": "The account has no verified e-mail address, so we cannot tell who you are here.",
    },
    "web_sso_domain": {
        "sv": "Kontots e-postadress hör inte till kommunen.",
        "en": "The account's e-mail address does not belong to the municipality.",
    },
    "web_sso_unknown": {
        "sv": "Ingen person i årshjulet har kontots e-postadress. Be samordnaren lägga till dig.",
        "en": "Nobody in the annual cycle has the account's e-mail address. Ask the "
        "coordinator to add you.",
    },
    "web_required": {"sv": "Fyll i det här fältet.", "en": "Fill in this field."},
    "web_save": {"sv": "Spara", "en": "Save"},
    "web_decisions": {"sv": "Beslut", "en": "Decisions"},
    "web_decisions_title": {"sv": "Beslut {municipality}", "en": "Decisions {municipality}"},
    "web_justering": {"sv": "Justering", "en": "Justering"},
    "web_anslag": {"sv": "Anslag", "en": "Anslag (notice)"},
    "web_appeal_ends": {"sv": "Överklagandetiden slutar", "en": "Appeal window ends"},
    "web_laga_kraft": {"sv": "Laga kraft", "en": "Laga kraft (final)"},
    "web_update": {"sv": "Uppdatera", "en": "Update"},
    "web_latest": {"sv": "senast {date}", "en": "by {date}"},
    "web_justered_on": {"sv": "Justerat", "en": "Justered"},
    "web_announced_on": {"sv": "Anslaget", "en": "Posted"},
    "web_record_decision": {"sv": "Registrera beslut", "en": "Record a decision"},
    "web_meeting_date": {"sv": "Sammanträdesdag", "en": "Meeting day"},
    "web_paragraph": {"sv": "Paragraf", "en": "Paragraph"},
    "web_omedelbar": {"sv": "Omedelbart justerad", "en": "Justered at once"},
    "web_frames": {"sv": "Ramar", "en": "Frames"},
    "web_frames_title": {
        "sv": "Budgetramar {municipality}, budgetår {year}",
        "en": "Budget frames {municipality}, budget year {year}",
    },
    "web_frame": {"sv": "Ram (kr)", "en": "Frame (SEK)"},
    "web_submitted_total": {"sv": "Inlämnad summa (kr)", "en": "Submitted total (SEK)"},
    "web_difference": {"sv": "Skillnad (kr)", "en": "Difference (SEK)"},
    "web_over_frame": {"sv": "över ramen", "en": "over the frame"},
    "web_change_frame": {"sv": "Ändra ram", "en": "Change the frame"},
    "web_new_frame": {"sv": "Ny ram för {body}", "en": "New frame for {body}"},
    "web_admin": {"sv": "Administration", "en": "Administration"},
    "web_end_sessions": {"sv": "Logga ut en person överallt", "en": "Sign a person out everywhere"},
    "web_end_sessions_intro": {
        "sv": "Avslutar alla inloggningar för adressen, till exempel efter en stulen dator.",
        "en": "Ends every session of the address, for example after a stolen laptop.",
    },
    "web_active_sessions": {"sv": "Aktiva inloggningar", "en": "Active sessions"},
    "web_no_sessions": {"sv": "Ingen är inloggad.", "en": "Nobody is signed in."},
    "web_person_name": {"sv": "Person", "en": "Person"},
    "web_signed_in_by": {"sv": "Inloggad med", "en": "Signed in with"},
    "web_method_link": {"sv": "inloggningslänk", "en": "sign-in link"},
    "web_method_oidc": {"sv": "enkel inloggning", "en": "single sign-on"},
    "web_session_started": {"sv": "Inloggad", "en": "Signed in"},
    "web_session_last_seen": {"sv": "Senast aktiv", "en": "Last active"},
    "web_end_person": {"sv": "Logga ut {name}", "en": "Sign {name} out"},
    "web_no_such_person": {
        "sv": "{value} är ingen person i kommunen.",
        "en": "{value} is not a person of the municipality.",
    },
    "web_sessions_ended": {
        "sv": "{count} {count|inloggning|inloggningar} avslutade.",
        "en": "{count} {count|session|sessions} ended.",
    },
    "phase_planering": {"sv": "Planering", "en": "Planning"},
    "phase_budget": {"sv": "Budget", "en": "Budget"},
    "phase_beslut": {"sv": "Beslut", "en": "Decisions"},
    "phase_uppföljning": {"sv": "Uppföljning", "en": "Follow-up"},
    "phase_bokslut": {"sv": "Bokslut", "en": "Accounts"},
    "month_1": {"sv": "jan", "en": "Jan"},
    "month_2": {"sv": "feb", "en": "Feb"},
    "month_3": {"sv": "mar", "en": "Mar"},
    "month_4": {"sv": "apr", "en": "Apr"},
    "month_5": {"sv": "maj", "en": "May"},
    "month_6": {"sv": "jun", "en": "Jun"},
    "month_7": {"sv": "jul", "en": "Jul"},
    "month_8": {"sv": "aug", "en": "Aug"},
    "month_9": {"sv": "sep", "en": "Sep"},
    "month_10": {"sv": "okt", "en": "Oct"},
    "month_11": {"sv": "nov", "en": "Nov"},
    "month_12": {"sv": "dec", "en": "Dec"},
    "web_actions": {"sv": "Åtgärder", "en": "Actions"},
    "web_admin_link": {
        "sv": "Se och avsluta inloggningar för kommunens personer",
        "en": "See and end the sessions of the municipality's people",
    },
    "web_as_of_label": {"sv": "Visa läget per dag", "en": "Show the state as of"},
    "web_as_of_show": {"sv": "Visa", "en": "Show"},
    "web_as_of_read_only": {
        "sv": "Här ändras inget: välj Visa läget i dag för att lämna in, granska eller ändra.",
        "en": "Nothing is changed here: choose Show today to hand in, review or change.",
    },
    "web_another_day": {
        "sv": "Sidan visade läget {date}, och där ändras inget. Välj Visa läget i dag och "
        "gör om det där.",
        "en": "The page showed the year as of {date}, where nothing is changed. Choose Show "
        "today and do it again there.",
    },
    "web_as_of_shown": {
        "sv": "Du ser årshjulet som det såg ut {date}, inte i dag.",
        "en": "You are seeing the year as it stood on {date}, not today.",
    },
    "web_as_of_today": {"sv": "Visa läget i dag", "en": "Show today"},
    "web_back_to_start": {"sv": "Till startsidan", "en": "To the start page"},
    "web_by": {"sv": "av {who}", "en": "by {who}"},
    "web_bytes": {"sv": "{size} byte", "en": "{size} {size|byte|bytes}"},
    "web_choose_goals": {
        "sv": "Välj nämndens globala mål här, eller lämna in en fil med åtagandena.",
        "en": "Choose the nämnd's global goals here, or hand in a file with the commitments.",
    },
    "web_commitments_file": {
        "sv": "Eller: åtagandena som fil (YAML eller JSON)",
        "en": "Or: the commitments as a file (YAML or JSON)",
    },
    "web_commitments_file_hint": {
        "sv": "Samma format som arshjul commitments check läser; en fil ersätter valen ovan.",
        "en": "The format arshjul commitments check reads; a file replaces the choices above.",
    },
    "web_contribution": {
        "sv": "Hur nämnden bidrar till mål {number}",
        "en": "How the nämnd contributes to goal {number}",
    },
    "web_days_left": {
        "sv": "om {days} {days|dag|dagar}",
        "en": "in {days} {days|day|days}",
    },
    "web_deadline_in_force": {"sv": "Tidsfrist", "en": "Deadline"},
    "web_deliverable_no": {"sv": "Leveransnummer", "en": "Deliverable number"},
    "web_due_today": {"sv": "i dag", "en": "today"},
    "web_errors_title": {
        "sv": "Det finns fel i formuläret",
        "en": "There are errors in the form",
    },
    "web_events_link": {
        "sv": "Händelseloggen, med kontroll av kedjan",
        "en": "The event log, with a check of the chain",
    },
    "web_give_deadline": {"sv": "Ge ny tidsfrist", "en": "Give a new deadline"},
    "web_give_deadline_title": {
        "sv": "Ge nämnden en egen tidsfrist",
        "en": "Give the nämnd a deadline of its own",
    },
    "web_given_deadline": {
        "sv": "Egen tidsfrist given: {reason}",
        "en": "A deadline of its own was given: {reason}",
    },
    "web_goals_hint": {
        "sv": "Kryssa i högst {max} av Agenda 2030:s mål som nämnden kan bidra till, och "
        "skriv för varje valt mål hur nämnden bidrar.",
        "en": "Tick at most {max} of the Agenda 2030 goals the nämnd can contribute to, and "
        "write for each goal chosen how the nämnd contributes.",
    },
    "web_goals_legend": {
        "sv": "Globala mål (högst {max})",
        "en": "Global goals (at most {max})",
    },
    "web_hand_in_corrected": {
        "sv": "Lämna in en rättad version",
        "en": "Hand in a corrected version",
    },
    "web_handed_in_by": {"sv": "Inlämnad av", "en": "Handed in by"},
    "web_last_notice": {"sv": "Senast påmind", "en": "Last notice"},
    "web_message_title": {"sv": "Meddelande", "en": "Message"},
    "web_milestone_deadline": {
        "sv": "Milstolpens tidsfrist",
        "en": "The milestone's deadline",
    },
    "web_mine_all": {"sv": "Alla mina leveranser", "en": "All my deliverables"},
    "web_new_deadline_label": {"sv": "Ny tidsfrist", "en": "New deadline"},
    "web_not_found_title": {"sv": "Sidan finns inte", "en": "Page not found"},
    "web_not_reviewed": {"sv": "väntar på granskning", "en": "waiting for review"},
    "web_note": {"sv": "Anmärkning", "en": "Note"},
    "web_owed_none": {
        "sv": "Inget att lämna in de närmaste månaderna.",
        "en": "Nothing to hand in in the coming months.",
    },
    "web_owed_title": {"sv": "Att lämna in: {bodies}", "en": "To hand in: {bodies}"},
    "web_per_body": {"sv": "Per nämnd", "en": "Per nämnd"},
    "web_reason": {
        "sv": "Skäl (visas för nämnden och loggas)",
        "en": "Reason (shown to the nämnd and logged)",
    },
    "web_refused_title": {"sv": "Inte tillåtet", "en": "Not allowed"},
    "web_register_link": {
        "sv": "Inlämningsregistret: vem lämnade in vad och när",
        "en": "The submissions register: who handed in what and when",
    },
    "web_remind_now": {"sv": "Påminn nu", "en": "Remind now"},
    "web_reminded": {
        "sv": "{count} {count|påminnelse|påminnelser} skickad till nämndens sekreterare.",
        "en": "{count} {count|reminder|reminders} sent to the nämnd's secretaries.",
    },
    "web_reminded_already": {
        "sv": "En påminnelse har redan skickats i dag; ingen ny skickades.",
        "en": "A reminder was already sent today; no new one was sent.",
    },
    "web_responsible": {"sv": "Ansvarig", "en": "Responsible"},
    "web_returned_because": {
        "sv": "Återsänd: {comment}",
        "en": "Returned: {comment}",
    },
    "web_review_version": {"sv": "Granska version {version}", "en": "Review version {version}"},
    "web_show_file": {"sv": "Visa", "en": "Show"},
    "web_start": {"sv": "Start", "en": "Start"},
    "web_start_title": {"sv": "Välkommen, {name}", "en": "Welcome, {name}"},
    "web_state": {"sv": "Läge", "en": "State"},
    "web_the_year": {"sv": "Året", "en": "The year"},
    "web_vision_hint": {
        "sv": "Beskriv nämndens bidrag till varje visionsområde den bidrar till; lämna tomt "
        "där nämnden inte bidrar (det visas som en lucka för samordnarna).",
        "en": "Describe the nämnd's contribution to each vision area it contributes to; "
        "leave empty where it does not (the coordinators see it as a gap).",
    },
    "web_vision_legend": {"sv": "Visionsområden", "en": "Vision areas"},
    "web_waiting_review": {
        "sv": "{count} {count|version|versioner} väntar på granskning",
        "en": "{count} {count|version waits|versions wait} for review",
    },
    "web_watch": {"sv": "Bevakning", "en": "Watch list"},
    "web_watch_none": {
        "sv": "Inget är försenat, återsänt eller nära sin tidsfrist.",
        "en": "Nothing is late, returned or close to its deadline.",
    },
    "web_watch_table": {
        "sv": "Försenat, återsänt och snart",
        "en": "Late, returned and due soon",
    },
    "web_watch_title": {"sv": "Att bevaka i {municipality}", "en": "To watch in {municipality}"},
    "web_wheel_all": {"sv": "Visa alla organ", "en": "Show every body"},
    "web_wheel_mine": {"sv": "Bara {bodies}", "en": "Only {bodies}"},
    "web_legend": {"sv": "Teckenförklaring", "en": "Legend"},
    "web_legend_count": {
        "sv": "antal milstolpar samma vecka",
        "en": "milestones in the same week",
    },
    "web_legend_kf": {"sv": "KF:s sammanträde", "en": "KF meeting"},
    "web_legend_ks": {"sv": "KS:s sammanträde", "en": "KS meeting"},
    "web_mark_label": {
        "sv": "{count} {count|milstolpe|milstolpar}: {items}",
        "en": "{count} {count|milestone|milestones}: {items}",
    },
    "web_register_title": {
        "sv": "Inlämningsregister {municipality}",
        "en": "Submissions register {municipality}",
    },
    "web_register_intro": {
        "sv": "Varje inlämnad version: vem som lämnade in vad och när, mot vilken tidsfrist, och "
        "vem som granskade den.",
        "en": "Every version handed in: who handed in what and when, against which deadline, "
        "and who reviewed it.",
    },
    "web_register_count": {
        "sv": "{count} {count|version|versioner}",
        "en": "{count} {count|version|versions}",
    },
    "web_register_none": {
        "sv": "Inga inlämnade versioner med det urvalet.",
        "en": "No versions handed in match the filter.",
    },
    "web_register_sheet": {"sv": "Inlämningar {year}", "en": "Submissions {year}"},
    "web_late_only": {"sv": "Bara sena", "en": "Late only"},
    "web_on_time_or_late": {"sv": "I tid eller sen", "en": "On time or late"},
    "web_reviewed_at": {"sv": "Granskad", "en": "Reviewed"},
    "web_reviewed_by": {"sv": "Granskad av", "en": "Reviewed by"},
    "web_pages": {"sv": "Sidor", "en": "Pages"},
    "web_page_before": {"sv": "Föregående sida", "en": "Previous page"},
    "web_page_after": {"sv": "Nästa sida", "en": "Next page"},
    "web_page_of": {"sv": "Sida {page} av {pages}", "en": "Page {page} of {pages}"},
    "web_events_title": {"sv": "Händelselogg {municipality}", "en": "Event log {municipality}"},
    "web_events_count": {
        "sv": "{count} {count|händelse|händelser}",
        "en": "{count} {count|event|events}",
    },
    "web_events_xlsx": {"sv": "Excel", "en": "Excel"},
    "web_events_csv": {"sv": "CSV", "en": "CSV"},
    "web_events_sheet": {"sv": "Händelser", "en": "Events"},
    "web_when": {"sv": "När", "en": "When"},
    "web_operator": {"sv": "Körd av", "en": "Run by"},
    "web_details": {"sv": "Detaljer", "en": "Details"},
    "web_show_details": {"sv": "Visa", "en": "Show"},
    "event_cycle_planned": {"sv": "Årshjulet planerat", "en": "Cycle planned"},
    "event_deadline_moved": {
        "sv": "Tidsfrist flyttad vid omplanering",
        "en": "Deadline moved by re-planning",
    },
    "event_deadline_extended": {"sv": "Egen tidsfrist given", "en": "Deadline of its own given"},
    "event_people_changed": {"sv": "Personer ändrade", "en": "People changed"},
    "event_law_override": {"sv": "Planerat trots lagfel", "en": "Planned despite law errors"},
    "event_submitted": {"sv": "Inlämnad", "en": "Handed in"},
    "event_accepted": {"sv": "Godkänd", "en": "Accepted"},
    "event_returned": {"sv": "Återsänd", "en": "Returned"},
    "event_completed_by_decision": {
        "sv": "Fullgjord genom beslut",
        "en": "Completed by a decision",
    },
    "event_decision_recorded": {"sv": "Beslut registrerat", "en": "Decision recorded"},
    "event_decision_justered": {"sv": "Protokoll justerat", "en": "Minutes signed off"},
    "event_decision_announced": {"sv": "Justering anslagen", "en": "Sign-off announced"},
    "event_frame_set": {"sv": "Budgetram satt", "en": "Budget frame set"},
    "event_refused": {"sv": "Nekad", "en": "Refused"},
    "event_reminder_requested": {"sv": "Påminnelse begärd", "en": "Reminder asked for"},
    "event_outbox_requeued": {"sv": "Utskick skickas igen", "en": "Messages sent again"},
    "event_delivery_failed": {"sv": "Utskick misslyckades", "en": "Delivery failed"},
    "event_sessions_ended": {"sv": "Inloggningar avslutade", "en": "Sessions ended"},
    "event_signed_in": {"sv": "Inloggad", "en": "Signed in"},
    "event_sign_in_link_sent": {"sv": "Inloggningslänk skickad", "en": "Sign-in link sent"},
    "event_notice_sent": {"sv": "Skickat: {notice}", "en": "Sent: {notice}"},
    "web_no_decisions": {
        "sv": "Inga beslut är registrerade ännu.",
        "en": "No decisions are recorded yet.",
    },
    "web_what": {"sv": "Vad", "en": "What"},
    "web_public_meeting": {"sv": "sammanträde", "en": "meeting"},
    "web_public_decision": {"sv": "planerat beslut", "en": "planned decision"},
    "web_public_recorded": {"sv": "beslut i protokoll", "en": "decision in the minutes"},
    "web_board_sheet": {"sv": "Översikt {year}", "en": "Overview {year}"},
    "web_board_xlsx": {"sv": "Översikten som Excel", "en": "The overview as Excel"},
    "event_stand_in_added": {"sv": "Ersättare ordnad", "en": "Stand-in arranged"},
    "event_stand_in_ended": {"sv": "Ersättare avslutad", "en": "Stand-in ended"},
    "web_people": {"sv": "Personer", "en": "People"},
    "web_people_title": {"sv": "Personer och ersättare", "en": "People and stand-ins"},
    "web_stand_ins": {"sv": "Ersättare", "en": "Stand-ins"},
    "web_stand_in_for": {"sv": "Frånvarande (e-post)", "en": "Away (e-mail)"},
    "web_stand_in_by": {"sv": "Ersättare (e-post)", "en": "Standing in (e-mail)"},
    "web_stand_in_first": {"sv": "Första dag", "en": "First day"},
    "web_stand_in_last": {"sv": "Sista dag", "en": "Last day"},
    "web_stand_in_add": {"sv": "Ordna ersättare", "en": "Arrange a stand-in"},
    "web_stand_in_end": {"sv": "Avsluta", "en": "End"},
    "web_stand_in_now": {"sv": "pågår", "en": "under way"},
    "web_stand_in_ahead": {"sv": "kommande", "en": "ahead"},
    "web_stands_in_for": {"sv": "ersätter {name}", "en": "stands in for {name}"},
    "web_stands_in": {
        "sv": "{stand_in}, ersätter {name}",
        "en": "{stand_in}, standing in for {name}",
    },
    "web_role": {"sv": "Roll", "en": "Role"},
    "web_stand_in_intro": {
        "sv": "Under perioden går påminnelser och andra utskick till ersättaren (med den "
        "frånvarande som kopia), och ersättaren får lämna in för den frånvarandes organ.",
        "en": "During the period reminders and other notices go to the stand-in (with the "
        "person away in copy), and the stand-in may hand in for the absent person's bodies.",
    },
    "web_whole_municipality": {"sv": "Hela kommunen", "en": "The whole municipality"},
    "web_assessments_legend": {
        "sv": "Bedömning av nämndens åtaganden",
        "en": "Assessment of the nämnd's commitments",
    },
    "web_assessments_hint": {
        "sv": "Bedöm varje mål och visionsområde nämnden valde i verksamhetsplanen; kommentera "
        "gärna med egna ord.",
        "en": "Assess each goal and vision area the nämnd chose in its verksamhetsplan; a "
        "comment in your own words is welcome.",
    },
    "web_assessments_prefilled": {
        "sv": "Förifyllt från {milestone}, version {version}.",
        "en": "Filled in from {milestone}, version {version}.",
    },
    "web_assessment_level": {"sv": "Bedömning", "en": "Assessment"},
    "web_assessment_comment": {"sv": "Kommentar", "en": "Comment"},
    "web_indicator_target": {"sv": "Mål: {target}.", "en": "Target: {target}."},
    "web_indicator_imported": {
        "sv": "Senast inläst: {value} ({year}).",
        "en": "Last imported: {value} ({year}).",
    },
    "web_lang_sv": {"sv": "Svenska", "en": "Svenska"},
    "web_lang_en": {"sv": "English", "en": "English"},
}


# The 17 Agenda 2030 goals as the form names them: Swedish from arshjul.core.goals, English
# as the UN names them.
GOALS_EN = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}


def _goal_labels() -> dict[str, dict[str, str]]:
    from arshjul.core.goals import GOALS

    return {f"goal_{n}": {"sv": name, "en": GOALS_EN[n]} for n, name in GOALS.items()}


def _notice_labels() -> dict[str, dict[str, str]]:
    """What a notice of each kind is called where a page says which was sent last."""
    names = {
        "reminder": ("påminnelse", "reminder"),
        "overdue": ("försenad", "overdue notice"),
        "deadline_changed": ("ändrad tidsfrist", "changed deadline"),
        "digest": ("veckosammanfattning", "weekly digest"),
        "receipt": ("kvittens", "receipt"),
        "review": ("granskning", "review"),
        "over_frame": ("över ramen", "over the frame"),
        "decision_due": ("beslutets steg", "decision step"),
        "laga_kraft": ("laga kraft", "laga kraft"),
        "delivery_failed": ("misslyckat utskick", "failed delivery"),
        "checkpoint": ("försegling", "seal"),
        "decision_late": ("sent beslut", "late decision"),
        "sign_in": ("inloggningslänk", "sign-in link"),
    }
    return {f"notice_{kind}": {"sv": sv, "en": en} for kind, (sv, en) in names.items()}


WEB_LABELS |= _goal_labels() | _notice_labels()

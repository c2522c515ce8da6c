"""The headers of the command line's tables, Swedish and English, by the field each column
shows. JSON and CSV keep the field names: they are for programs; a table is for people."""

from __future__ import annotations

COLUMNS: dict[str, dict[str, str]] = {
    # arshjul wheels
    "name": {"sv": "Namn", "en": "Name"},
    "municipality": {"sv": "Kommun", "en": "Municipality"},
    "milestones": {"sv": "Milstolpar", "en": "Milestones"},
    "deliverables": {"sv": "Leveranser", "en": "Deliverables"},
    "kf_budget": {"sv": "KF:s budget", "en": "KF's budget"},
    "years": {"sv": "Budgetår", "en": "Budget years"},
    "errors": {"sv": "Fel", "en": "Errors"},
    "warnings": {"sv": "Varningar", "en": "Warnings"},
    # arshjul decision list
    "id": {"sv": "Nr", "en": "No."},
    "body": {"sv": "Organ", "en": "Body"},
    "meeting_date": {"sv": "Sammanträde", "en": "Meeting"},
    "paragraph": {"sv": "Paragraf", "en": "Paragraph"},
    "title": {"sv": "Beslut", "en": "Decision"},
    "milestone": {"sv": "Milstolpe", "en": "Milestone"},
    "justering": {"sv": "Justering", "en": "Justering"},
    "anslag": {"sv": "Anslag", "en": "Anslag"},
    "appeal_ends": {"sv": "Överklagandetiden slutar", "en": "Appeal window ends"},
    "laga_kraft": {"sv": "Laga kraft", "en": "Final (laga kraft)"},
    # arshjul frame report
    "namnd": {"sv": "Nämnd", "en": "Nämnd"},
    "frame_sek": {"sv": "Ram, kr", "en": "Frame, SEK"},
    "submitted_sek": {"sv": "Budgetförslag, kr", "en": "Budget handed in, SEK"},
    "difference_sek": {"sv": "Skillnad, kr", "en": "Difference, SEK"},
    "over_frame": {"sv": "Över ram", "en": "Over the frame"},
    # arshjul audit log | show
    "seq": {"sv": "Nr", "en": "No."},
    "at": {"sv": "Tid", "en": "Time"},
    "actor": {"sv": "Vem", "en": "Who"},
    "kind": {"sv": "Händelse", "en": "Event"},
    "subject": {"sv": "Gäller", "en": "Concerns"},
    "payload": {"sv": "Uppgifter", "en": "Details"},
    # arshjul audit submissions
    "namnd_name": {"sv": "Nämndens namn", "en": "Nämnd's name"},
    "deliverable_id": {"sv": "Leverans", "en": "Deliverable"},
    "deliverable": {"sv": "Dokument", "en": "Document"},
    "deadline": {"sv": "Senast", "en": "Deadline"},
    "version": {"sv": "Version", "en": "Version"},
    "submitted_at": {"sv": "Inlämnad", "en": "Handed in"},
    "submitted_by": {"sv": "Av", "en": "By"},
    "on_time": {"sv": "I tid", "en": "On time"},
    "business_days_late": {"sv": "Arbetsdagar sent", "en": "Business days late"},
    "files": {"sv": "Filer", "en": "Files"},
    "sha256": {"sv": "SHA-256", "en": "SHA-256"},
    "diarienummer": {"sv": "Diarienummer", "en": "Registration no."},
    "review": {"sv": "Granskning", "en": "Review"},
    "reviewed_at": {"sv": "Granskad", "en": "Reviewed"},
    "new_deadline": {"sv": "Ny tidsfrist", "en": "New deadline"},
    "optional": {"sv": "Frivillig", "en": "Optional"},
    # arshjul commitments goals | report
    "key": {"sv": "Nr", "en": "No."},
    "handed_in": {"sv": "Inlämnad", "en": "Handed in"},
    "goals": {"sv": "Mål", "en": "Goals"},
    "vision_areas": {"sv": "Visionens områden", "en": "Vision areas"},
    # arshjul template versions
    "file": {"sv": "Fil", "en": "File"},
    "source": {"sv": "Källa", "en": "Source"},
    "author": {"sv": "Av", "en": "By"},
    "reason": {"sv": "Varför", "en": "Why"},
    # the demo's Prefect preview
    "run": {"sv": "Körning", "en": "Run"},
    "utc": {"sv": "UTC", "en": "UTC"},
    "stockholm": {"sv": "Stockholm", "en": "Stockholm"},
    "tags": {"sv": "Taggar", "en": "Tags"},
}
YES_NO = {True: {"sv": "ja", "en": "yes"}, False: {"sv": "nej", "en": "no"}}

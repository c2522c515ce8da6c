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

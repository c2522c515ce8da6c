"""What the law checks say: one message per finding code, each ending in its citation."""

from __future__ import annotations

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
        "sv": "KF fastställer budgeten {date}, efter {limit}: budgeten fastställs före "
        "november månads utgång, och av särskilda skäl senast före december månads utgång",
        "en": "KF sets the budget on {date}, after {limit}: the budget is set before the end "
        "of November, and for särskilda skäl (special reasons) before the end of December at "
        "the latest",
    },
    "law_kf_budget_december": {
        "sv": "KF fastställer budgeten {date}, i december: lagligt bara om budgeten på grund "
        "av särskilda skäl inte kan fastställas före november månads utgång; KF har fastställt "
        "skattesatsen inom november ({tax_rate}, {tax_rate_date}) och budgeten ska fastställas "
        "senast {limit}",
        "en": "KF sets the budget on {date}, in December: lawful only if for särskilda skäl "
        "(special reasons) the budget cannot be set before the end of November; KF has set "
        "the tax rate within November ({tax_rate}, {tax_rate_date}) and the budget must be set "
        "by {limit}",
    },
    "law_kf_budget_no_tax_rate": {
        "sv": "KF fastställer budgeten {date}, i december, men ingen milstolpe med law: "
        "kf_tax_rate fastställer skattesatsen senast {limit}: en budget efter november kräver "
        "att KF ändå fastställer skattesatsen inom november",
        "en": "KF sets the budget on {date}, in December, but no milestone with law: "
        "kf_tax_rate sets the tax rate by {limit}: a budget after November requires KF to set "
        "the tax rate within November all the same",
    },
    "law_kf_tax_rate_late": {
        "sv": "KF fastställer skattesatsen {date}, efter {limit}: skattesatsen fastställs "
        "inom november även när budgeten dröjer",
        "en": "KF sets the tax rate on {date}, after {limit}: the tax rate is set within "
        "November even when the budget is later",
    },
    "law_auditors_budget_late": {
        "sv": "fullmäktiges presidiums förslag till budget för revisorerna {date} är efter {limit}",
        "en": "KF's presidium's proposal for the auditors' budget {date} is after {limit}",
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
        "sv": "KF beslutar om ansvarsfrihet {date}, efter {limit}",
        "en": "KF decides on discharge from liability (ansvarsfrihet) on {date}, after {limit}",
    },
    "law_interim_period": {
        "sv": "delårsrapporten omfattar {months} {months|månad|månader}; den ska omfatta "
        "minst hälften och högst två tredjedelar av året (6–8)",
        "en": "the interim report covers {months} {months|month|months}; it must cover at "
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

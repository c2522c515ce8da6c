"""The kinds a wheel's plain data is made of and the tables store: what a body is, what
completes a milestone, and the roles people have. Kept apart from arshjul.core.template so
that reading the tables (every command) does not load the template model (arshjul.core
.template re-exports them, where they have always been found)."""

from __future__ import annotations

from enum import StrEnum


class BodyKind(StrEnum):
    KF = "kf"  # kommunfullmäktige, the council
    KS = "ks"  # kommunstyrelsen, the executive board (itself a nämnd under KL 6 kap.)
    NAMND = "namnd"  # a committee with its own förvaltning
    REVISION = "revision"  # the elected auditors
    OFFICE = "office"  # kommunledningskontoret or another office
    GROUP = "group"  # ledningsgrupp, samverkansgrupp and similar
    UTSKOTT = "utskott"  # a committee of KS or a nämnd (kommunledningsutskott, arbetsutskott)
    BOLAG = "bolag"  # a municipal company: ägardirektiv, bolagsstämma, lekmannarevision
    # A nämnd shared with other municipalities (KL 9 kap. 19–20 §§), set up in one of them,
    # the host, and part of the host's organisation; its budget is the host's, after
    # samråd with the partners (KL 9 kap. 26 §).
    GEMENSAM_NAMND = "gemensam_namnd"

    @property
    def is_namnd(self) -> bool:
        """KS counts as a nämnd: it plans, budgets and reports for its own operations too;
        so does a gemensam nämnd ("det som gäller för en nämnd ... även för en gemensam
        nämnd", KL 9 kap. 23 §)."""
        return self in (BodyKind.KS, BodyKind.NAMND, BodyKind.GEMENSAM_NAMND)


class CompletedBy(StrEnum):
    """What completes a milestone's deliverable."""

    HAND_IN = "hand_in"  # a document handed in and accepted by a coordinator
    DECISION = "decision"  # the body's decision itself, recorded in the decisions register


class Role(StrEnum):
    COORDINATOR = "coordinator"  # at kommunledningskontoret; watches every nämnd
    SECRETARY = "secretary"  # nämndsekreterare; receives the body's deadline notices
    AUDITOR = "auditor"  # read only
    ADMIN = "admin"
    CHAIR = "chair"  # ordförande; informed, not chased

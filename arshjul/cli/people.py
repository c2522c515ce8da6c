"""The wheel's people on the command line: add, change or remove a person of a body (an
administrator's), written into the body's `contacts:` as a new version of the wheel and
re-planned (or previewed with --preview); list them. The same service and `authorise`
as the web's Personer page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from arshjul.cli.common import AsOfOption, MunicipalityOption, app, command, say
from arshjul.texts import label

if TYPE_CHECKING:
    from arshjul.services.people_changes import PersonIn

people_app = typer.Typer(help="The wheel's people, body by body.", no_args_is_help=True)
app.add_typer(people_app, name="people")

BodyOption = Annotated[str, typer.Option("--body", "-b", help="Body key, e.g. KS.")]
EmailOption = Annotated[str, typer.Option("--email", help="Exactly one e-mail address.")]
PreviewOption = Annotated[
    bool, typer.Option("--preview", help="Show what it would change; change nothing.")
]
ExpectOption = Annotated[
    str | None, typer.Option("--expect-version", help="Only if the wheel is still this version.")
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept with the version).")]
WasRoleOption = Annotated[
    str, typer.Option("--was-role", help="Which of the address's roles, if it has several.")
]


def _run(
    tctx: typer.Context,
    form: PersonIn,
    *,
    preview: bool,
    expect_version: str | None,
    again: str,
    as_of: str | None,
) -> None:
    from arshjul.cli.wheel_preview import print_preview
    from arshjul.services.people_changes import apply_person, preview_person

    with command(tctx, as_of if preview else None) as ctx:
        if preview:
            change, previews = preview_person(ctx, form)
            before, after = (
                f"{c.name}, {c.role.value}, {c.email}" if c else "–"
                for c in (change.before, change.after)
            )
            say(label("people_before_after", ctx.lang, before=before, after=after))
            if change.lost:
                emails = ", ".join(sorted({e for _, e, _ in change.lost}))
                say(label("people_ends_sessions", ctx.lang, emails=emails))
            command_line = f"{again} --expect-version {change.base_sha256[:12]}"
            for found in previews:
                print_preview(ctx, found, f"contacts {form.body}", command_line)
            return
        change, done, ended = apply_person(ctx, form, base_sha256=expect_version)
        key = {"add": "people_done_add", "change": "people_done_change"}.get(
            form.verb, "people_done_remove"
        )
        say(
            label(
                key,
                ctx.lang,
                email=form.email,
                body=form.body,
                version=done[-1].version if done else "-",
                years=", ".join(str(y) for y in change.budget_years),
                ended=ended,
            )
        )


@people_app.command("add")
def people_add(
    tctx: typer.Context,
    body: BodyOption,
    email: EmailOption,
    name: Annotated[str, typer.Option("--name", help="The person's name.")],
    role: Annotated[str, typer.Option("--role", help="secretary, coordinator, …")] = "secretary",
    preview: PreviewOption = False,
    expect_version: ExpectOption = None,
    reason: ReasonOption = "",
    municipality: MunicipalityOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Add a person to a body (administrators)."""
    from arshjul.services.people_changes import PersonIn

    form = PersonIn("add", body, email, name, role, "", municipality, reason)
    again = f"arshjul people add --body {body} --email {email} --name '{name}' --role {role}"
    _run(tctx, form, preview=preview, expect_version=expect_version, again=again, as_of=as_of)


@people_app.command("change")
def people_change(
    tctx: typer.Context,
    body: BodyOption,
    email: EmailOption,
    name: Annotated[str, typer.Option("--name", help="The person's name (new or kept).")],
    role: Annotated[str, typer.Option("--role", help="The role (new or kept).")],
    was_role: WasRoleOption = "",
    preview: PreviewOption = False,
    expect_version: ExpectOption = None,
    reason: ReasonOption = "",
    municipality: MunicipalityOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Change a person's name or role in a body (administrators); one who loses a role is
    signed out of every browser."""
    from arshjul.services.people_changes import PersonIn

    form = PersonIn("change", body, email, name, role, was_role, municipality, reason)
    again = f"arshjul people change --body {body} --email {email} --name '{name}' --role {role}"
    _run(tctx, form, preview=preview, expect_version=expect_version, again=again, as_of=as_of)


@people_app.command("remove")
def people_remove(
    tctx: typer.Context,
    body: BodyOption,
    email: EmailOption,
    was_role: WasRoleOption = "",
    preview: PreviewOption = False,
    expect_version: ExpectOption = None,
    reason: ReasonOption = "",
    municipality: MunicipalityOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Remove a person from a body (administrators); they are signed out of every browser."""
    from arshjul.services.people_changes import PersonIn

    form = PersonIn("remove", body, email, "", "", was_role, municipality, reason)
    again = f"arshjul people remove --body {body} --email {email}"
    _run(tctx, form, preview=preview, expect_version=expect_version, again=again, as_of=as_of)


@people_app.command("list")
def people_list(tctx: typer.Context, municipality: MunicipalityOption = None) -> None:
    """The people of the wheel in force, body by body (coordinators, admins, auditors)."""
    from arshjul.services.people_changes import wheel_people

    with command(tctx) as ctx:
        for row in wheel_people(ctx, municipality=municipality):
            say(f"{row.body}\t{row.role}\t{row.name}\t{row.email}")

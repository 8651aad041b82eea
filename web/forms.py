"""Forms of officers and librarians (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from archive import Catalogue, DocumentMetadata, DocumentType, Role

DOCUMENT_TYPES: dict[str, Any] = {
    DocumentType.PAPER.value: _l("Paper"),
    DocumentType.CASE_STUDY.value: _l("Case study"),
    DocumentType.PRESENTATION.value: _l("Presentation"),
    DocumentType.REPORT.value: _l("Report"),
    DocumentType.MINUTES.value: _l("Minutes"),
    DocumentType.OTHER.value: _l("Other"),
}
LANGUAGE_CODES: tuple[str, ...] = (
    "hu", "en", "de", "fr", "es", "ca", "it", "nl", "fi", "sv", "pl", "cs", "sk", "ro",
)  # fmt: skip
"""The languages offered for a document (named in the reader's language); others can be
given through the API, the CSV or `clusnet ingest --language`."""
ROLES: dict[str, Any] = {
    Role.READER.label: _l("reader"),
    Role.OFFICER.label: _l("officer"),
    Role.LIBRARIAN.label: _l("librarian"),
    Role.ADMIN.label: _l("admin"),
}
PARTNER_KINDS: dict[str, Any] = {
    "city": _l("city"),
    "agency": _l("agency"),
    "network": _l("network"),
    "university": _l("university"),
}
SLUG = Regexp(r"^[a-z0-9][a-z0-9-]{0,63}$", message=_l("Lower-case letters, digits and hyphens."))


def options(pairs: Any) -> list[SelectChoice]:
    """Choices of a select field, from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def parse_authors(text: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (text or "").replace("\n", ";").split(";") if a.strip())


class MetadataForm(FlaskForm):  # type: ignore[misc]
    """What is said of a document: by the officer who uploads it, or a librarian."""

    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    seminar = SelectField(_l("Seminar"), choices=[], default="", validate_choice=True)
    partner = SelectField(_l("City or partner"), choices=[], default="", validate_choice=True)
    doc_type = SelectField(_l("Document type"), choices=[], default="", validate_choice=True)
    doc_date = DateField(_l("Date"), validators=[Optional()])
    authors = StringField(
        _l("Authors"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Separate names with semicolons."),
    )
    language = SelectField(_l("Language"), choices=[], default="", validate_choice=True)
    restricted = BooleanField(
        _l("Restricted"), description=_l("Only signed-in users may read a restricted document.")
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])

    def fill_choices(self, catalogue: Catalogue, keep_language: str | None = None) -> None:
        self.seminar.choices = options(
            [("", _l("(none)"))] + [(s.slug, s.title) for s in catalogue.seminars()]
        )
        self.partner.choices = options(
            [("", _l("(none)"))]
            + [
                (p.slug, f"{p.name} ({p.city})" if p.city != p.name else p.name)
                for p in catalogue.partners()
            ]
        )
        self.doc_type.choices = options([("", _l("(not said)")), *DOCUMENT_TYPES.items()])
        from web.i18n import language_label

        codes = list(LANGUAGE_CODES)
        if keep_language and keep_language not in codes and keep_language != "und":
            codes.append(keep_language)
        languages = [("", _l("Detect from the text"))]
        languages += [(code, language_label(code)) for code in codes]
        self.language.choices = options(languages)

    def metadata(self, clear_empty: bool) -> DocumentMetadata:
        """The form as metadata; with `clear_empty`, empty fields clear what was said."""

        def text(value: str | None) -> str | None:
            value = (value or "").strip()
            return value if value or clear_empty else None

        return DocumentMetadata(
            title=text(self.title.data),
            seminar=text(self.seminar.data),
            partner=text(self.partner.data),
            doc_type=DocumentType(self.doc_type.data) if self.doc_type.data else None,
            doc_date=self.doc_date.data,
            authors=parse_authors(self.authors.data) if self.authors.data or clear_empty else None,
            language=self.language.data or None,
            restricted=bool(self.restricted.data),
            description=text(self.description.data),
        )


class UploadForm(MetadataForm):
    files = MultipleFileField(_l("Files"), validators=[FileRequired(_l("Choose a file."))])


class ReplaceForm(FlaskForm):  # type: ignore[misc]
    file = FileField(_l("New version"), validators=[FileRequired(_l("Choose a file."))])


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: only its CSRF token."""


class WithdrawForm(FlaskForm):  # type: ignore[misc]
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class VersionForm(FlaskForm):  # type: ignore[misc]
    """Link a document to this one as a language version, or unlink one."""

    other = IntegerField(
        _l("Number of the document in another language"),
        validators=[DataRequired(), NumberRange(min=1)],
    )
    unlink = BooleanField()


class PurgeForm(FlaskForm):  # type: ignore[misc]
    confirm = StringField(
        _l("Type the document's number to confirm"), validators=[DataRequired(), Length(max=20)]
    )


class CsvImportForm(FlaskForm):  # type: ignore[misc]
    file = FileField(_l("Edited CSV file"), validators=[FileRequired(_l("Choose a file."))])


class SeminarForm(FlaskForm):  # type: ignore[misc]
    slug = StringField(_l("Short name (in addresses)"), validators=[DataRequired(), SLUG])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    host = SelectField(_l("Host partner"), choices=[], default="", validate_choice=True)
    starts = DateField(_l("First day"), validators=[Optional()])
    ends = DateField(_l("Last day"), validators=[Optional()])
    theme = TextAreaField(_l("Theme"), validators=[Optional(), Length(max=5000)])

    def validate_ends(self, field: DateField) -> None:
        if field.data and self.starts.data and field.data < self.starts.data:
            raise ValidationError(_l("The last day cannot be before the first."))


class PartnerForm(FlaskForm):  # type: ignore[misc]
    slug = StringField(_l("Short name (in addresses)"), validators=[DataRequired(), SLUG])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=200)])
    country = StringField(
        _l("Country code"),
        validators=[DataRequired(), Regexp(r"^[A-Z]{2}$", message=_l("Two capital letters."))],
    )
    kind = SelectField(
        _l("Kind"),
        choices=options(PARTNER_KINDS.items()),
    )


class NewUserForm(FlaskForm):  # type: ignore[misc]
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    role = SelectField(_l("Role"), choices=options(ROLES.items()))


class RoleForm(FlaskForm):  # type: ignore[misc]
    role = SelectField(_l("Role"), choices=options(ROLES.items()))


class ActiveForm(FlaskForm):  # type: ignore[misc]
    active = HiddenField()

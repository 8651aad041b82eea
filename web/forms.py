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

from archive import (
    OFFERED_LANGUAGES,
    Directory,
    DocumentMetadata,
    DocumentType,
    MetadataError,
    Role,
    describe,
)

DOCUMENT_TYPES: dict[str, Any] = {
    DocumentType.PAPER.value: _l("Paper"),
    DocumentType.CASE_STUDY.value: _l("Case study"),
    DocumentType.PRESENTATION.value: _l("Presentation"),
    DocumentType.REPORT.value: _l("Report"),
    DocumentType.MINUTES.value: _l("Minutes"),
    DocumentType.OTHER.value: _l("Other"),
}
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


class MetadataForm(FlaskForm):
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

    def fill_choices(self, directory: Directory, keep_language: str | None = None) -> None:
        self.seminar.choices = options(
            [("", _l("(none)"))] + [(s.slug, s.title) for s in directory.seminars()]
        )
        self.partner.choices = options(
            [("", _l("(none)"))]
            + [
                (p.slug, f"{p.name} ({p.city})" if p.city != p.name else p.name)
                for p in directory.partners()
            ]
        )
        self.doc_type.choices = options([("", _l("(not said)")), *DOCUMENT_TYPES.items()])
        from web.i18n import language_label

        codes = list(OFFERED_LANGUAGES)  # named in the reader's language
        if keep_language and keep_language not in codes and keep_language != "und":
            codes.append(keep_language)
        languages = [("", _l("Detect from the text"))]
        languages += [(code, language_label(code)) for code in codes]
        self.language.choices = options(languages)
        self._choices = directory.choices()

    def metadata(self, clear_empty: bool) -> DocumentMetadata:
        """The form as metadata, checked by `archive.describe` as the API and the CSV are;
        with `clear_empty`, empty fields clear what was said."""
        values: dict[str, Any] = {
            name: getattr(self, name).data
            for name in ("title", "seminar", "partner", "authors", "description")
        }
        if not clear_empty:
            values = {name: value for name, value in values.items() if (value or "").strip()}
        values.update(
            doc_type=self.doc_type.data,
            doc_date=self.doc_date.data,
            language=self.language.data,
            restricted=bool(self.restricted.data),
        )
        return describe(values, self._choices)

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' own checks, then the archive's (the one place metadata is checked)."""
        if not super().validate(extra_validators):
            return False
        try:
            self.metadata(clear_empty=True)
        except MetadataError as exc:
            for name, text in exc.problems.items():
                field = getattr(self, name)
                field.errors = [*field.errors, text]
            return False
        return True


class UploadForm(MetadataForm):
    files = MultipleFileField(_l("Files"), validators=[FileRequired(_l("Choose a file."))])


class ReplaceForm(FlaskForm):
    file = FileField(_l("New version"), validators=[FileRequired(_l("Choose a file."))])


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class VersionForm(FlaskForm):
    """Link a document to this one as a language version, or unlink one."""

    other = IntegerField(
        _l("Number of the document in another language"),
        validators=[DataRequired(), NumberRange(min=1)],
    )
    unlink = BooleanField()


class PurgeForm(FlaskForm):
    confirm = StringField(
        _l("Type the document's number to confirm"), validators=[DataRequired(), Length(max=20)]
    )


class CsvImportForm(FlaskForm):
    file = FileField(_l("Edited CSV file"), validators=[FileRequired(_l("Choose a file."))])


class SeminarForm(FlaskForm):
    slug = StringField(_l("Short name (in addresses)"), validators=[DataRequired(), SLUG])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    host = SelectField(_l("Host partner"), choices=[], default="", validate_choice=True)
    starts = DateField(_l("First day"), validators=[Optional()])
    ends = DateField(_l("Last day"), validators=[Optional()])
    theme = TextAreaField(_l("Theme"), validators=[Optional(), Length(max=5000)])

    def validate_ends(self, field: DateField) -> None:
        if field.data and self.starts.data and field.data < self.starts.data:
            raise ValidationError(_l("The last day cannot be before the first."))


class PartnerForm(FlaskForm):
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


class NewUserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    role = SelectField(_l("Role"), choices=options(ROLES.items()))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=options(ROLES.items()))


class ActiveForm(FlaskForm):
    active = HiddenField()

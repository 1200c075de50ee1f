"""Exceptions of the domain package; each carries a message in Thai and in English."""

from __future__ import annotations


class PramernError(Exception):
    """Base of every error Pramern reports to a person."""

    def __init__(self, message_en: str, message_th: str | None = None):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th or message_en

    def message(self, lang: str = "en") -> str:
        return self.message_th if lang == "th" else self.message_en


class StoreBusyError(PramernError):
    """The database file is held by another process."""


class StoreUnavailableError(PramernError):
    """The database server cannot be reached (stopped, wrong address or password)."""


class SchemaTooNewError(PramernError):
    """The database was written by a newer Pramern than this one."""


class StoreFileError(PramernError):
    """The database file cannot be used as it is (read-only, not a Pramern database, damaged)."""


class StoreReadOnlyError(StoreFileError):
    """The database file (or its folder) may not be written by this process."""


class NotPramernDatabaseError(StoreFileError):
    """The path is a folder, an empty or zeroed file, a file of another kind, or another program's database."""


class StoreDamagedError(StoreFileError):
    """The database file is a DuckDB file whose content is cut short or corrupt."""


class BatchNotFoundError(PramernError):
    """No import batch has that id."""


class DuplicateFileError(PramernError):
    """The same file (same SHA-256) was already imported."""


class ReplaceRequiredError(PramernError):
    """The file would replace existing data and replacing was not asked for."""


class ImportRejected(PramernError):
    """A file has problems; nothing was written."""

    def __init__(self, problems: list, message_en: str = "The file has problems; nothing was imported.",
                 message_th: str = "ไฟล์มีข้อผิดพลาด จึงไม่ได้นำเข้าข้อมูลใด ๆ"):
        super().__init__(message_en, message_th)
        self.problems = problems


class PermissionDenied(PramernError):
    """The acting user's role may not do this."""


class PasswordRejected(PramernError):
    """A new password does not meet the password rules."""


class SignInFailed(PramernError):
    """The e-mail and password do not match an account that may sign in."""


class SignInThrottled(SignInFailed):
    """Too many sign-in attempts from one client address: it must wait before the next."""


class UserNotFoundError(PramernError):
    """No account has that e-mail."""


class UserExistsError(PramernError):
    """An account with that e-mail already exists."""


class InvalidUserError(PramernError):
    """An e-mail, role or organisation given for an account is not valid."""


class LastAdminError(PramernError):
    """The change would leave no enabled administrator."""


class DayOffError(PramernError):
    """A day off cannot be added or removed as asked (not a date, a weekend, already off, not off)."""

"""What a doctor check reports: a status and a sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass

OK = "ok"
FAIL = "FAIL"
NOTE = "note"  # not checked, or worth knowing; not a failure


@dataclass(frozen=True, slots=True)
class Finding:
    status: str  # OK, FAIL or NOTE
    text: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.text}"


def ok(text: str) -> Finding:
    return Finding(OK, text)


def fail(text: str) -> Finding:
    return Finding(FAIL, text)


def note(text: str) -> Finding:
    return Finding(NOTE, text)


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(finding.status == FAIL for finding in findings) else 0


def summary(findings: list[Finding]) -> str:
    failed = sum(1 for finding in findings if finding.status == FAIL)
    if not failed:
        return "All checks passed."
    plural = "s" if failed > 1 else ""
    return f"{failed} check{plural} failed; fix them and run `tcbot doctor` again."

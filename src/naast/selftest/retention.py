"""The self-test's part of the data inventory (`naast.core.extensions`, "retention.py"): a
municipality's answers about how it arranged client support; no resident's data."""

from naast.core.extensions import NotPersonal

POLICY = NotPersonal("the municipality's own account of its policy, for the council and the audit office; no resident's data")

PERSONAL_FIELDS = {
    "Answer.question": NotPersonal("a question's key"),
    "Answer.answer": NotPersonal("a code"),
    "Answer.explanation": POLICY,
    "Answer.links": NotPersonal("web addresses of policy documents"),
    "EvidenceDocument.title": POLICY,
    "EvidenceDocument.file": POLICY,
    "EvidenceDocument.content_type": NotPersonal("a file type"),
}

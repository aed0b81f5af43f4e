"""The classifier on mail written apart from its training data: a regression floor.

`unseen/` holds 122 mails (20 for each label plus hard negatives for `other`) written for
this project by an author who read only the label definitions of the domain notes, never
the training corpus or these tests: phone one-liners, chatty updates with the point in the
third paragraph, quoted replies, forwards, German, French and Spanish, CSV manifests,
pasted tables. `expected.json` gives each mail's label, why, and its attachments' labels.

When first scored (model 1.2.0 and the rules of the time) the messages were 112/122 right
and the attachments 50/63; the attachment rules written from what that showed brought
them to 114/122 and 59/63. So this set is no longer unseen by the rules; it stays as a
floor with some slack, so that a change which costs realistic mail is caught, while one
debatable mail more or less does not fail the build.

`unseen2/` is a second set of 150 (22 for each business label, 40 `other` of which 31 are
hard negatives) by another author under the same rule, with real PDF, XLSX and DOCX
attachments, HTML-only mail and inline logos. First scored (model 1.2.0) at 137/150
messages and 82/93 attachments; its misses (invoice and bank-details questions, portal
notices, holiday notices, acts in Italian and French) led to `corpus/boundary_acts.py`,
the RFQ rule and block/slide manifests: 144/150 and 86/93 since.

`unseen3/` (120 mails, mostly replies with long quoted history, across CMC, bioanalysis,
toxicology, genomics, manufacturing and clinical logistics) was written after those
changes and scored once before anything was changed for it: 106/120 messages and 65/75
attachments with the earlier model and rules, 106/120 and 66/75 with the new ones. So
the changes above fitted the second set's kinds of mail more than they generalised.
The rules written from its misses (a bare thanks is `other`; coded and Dutch invoice
titles; lab data keyed by patient; submission sheets; change orders stating a milestone
impact or "bon pour accord"; an RFQ read as a deliverable) brought it to 109/120 and
72/75 (and the second set to 87/93 attachments).

`unseen4/` (90 mails: phone-typed one-liners, attachments named scan_0012.pdf or
Book1.xlsx, CDMO, cell and gene therapy, device testing) was likewise scored once first:
78/90 messages, 52/60 attachments. Its misses showed short approvals of a change in
Spanish, Dutch and Japanese read as chatter; the rule that a firm approval of something
added, repeated, moved or amended is a change (read by the reply reader, which knows
those languages) brought it to 80/90; a purchase order attached as a priced PDF is
`other`, a statement of account an invoice: 81/90 and 54/60.

`unseen5/` (100 mails: non-native English, LIMS and e-invoicing notifications, DocuSign
envelopes, long threads, Japanese, Chinese and Korean mail with their charsets, Brazilian
NF-e and boleto) was scored once first: 93/100 messages, 80/90 attachments. Its misses led
to bill, offer and change-order titles in Portuguese, Japanese, Chinese and Korean (and a
bill's title below a letterhead), checksum lists as deliveries, tables keyed by a serum ID
as results, and a revised quote for awarded work (a PO to amend) as a change: 97/100 and
87/90. The sponsor's own CoA rule came from domain notes, before this set was read.

`unseen6/` (90 mails built to stress structure: several attachments of different kinds,
forwards attached as message/rfc822, .ics and vCards, scans with no text layer, protected
and truncated PDFs, multi-sheet workbooks, semicolon CSV with decimal commas, ZIP data
packages, HTML tables) was scored once first: 85/90 messages, 96/123 attachments. Its
misses led to a document with no text taking the act its mail names, the cover note of
the sender's own quote, more change-order fields and result-table columns, and Italian
and Spanish sponsor CoAs: 87/90 and 112/123. The text of a forwarded message now goes by
the forward's file name, as the author named it (6 more attachments read): 86/90, 118/129.

`unseen7/` (90 mails as 45 near-miss pairs: a quote and "thanks for the quote", an invoice
and a question about it, a draft report and the sponsor's comments on it, a manifest and a
mail about thawed tubes, a firm and a tentative approval) was scored once first: 81/90
messages, 62/75 attachments. Rules from it: a plan or agreement titled so (draft protocol,
specification, MSA) is other; a sheet named as travelling with the samples is no results
table: 82/90, 67/75. Its message misses are the model reading a topic as the act (an
invoice query, an RFQ with a budget, a draft protocol for review); a corpus bank of such
mail and a retrained model fixed five of them but cost five attachments on the other sets,
so the shipped model was kept.

`unseen8/` (90 mails across twelve service areas, from analytical release and GLP tox to
cell and gene therapy, device biocompatibility and central lab, by many personas and
robots) was scored once first: 85/90 messages, 91/97 attachments, the best first score
yet. From it: a PDF manifest whose header cells run together, a Dutch change request:
86/90, 94/97.

`unseen9/` (90 mid-project thread mails: a quoted history holding another act than the new
text, HTML-only mail, links instead of attachments, calendar invites, meeting notes,
voicemail and e-signature notices, XML e-invoices) was scored once first: 83/90 messages,
74/97 attachments. `unseen10/` (72 mails whose attachments carry the act: 150 documents
of every kind, a quarter not in English, misleading and empty file names) first scored
66/72 messages, 118/150 attachments, the hardest attachment set yet. From
them: structured e-invoices (UBL/XRechnung, FatturaPA, NFS-e) by their XML root, a QA
statement of a study report is part of the delivery, an archive beside a delivery or a
bill is part of it, change orders titled and laid out in Italian, Portuguese, Spanish
and German (who asked, what changes, before and after), the scope document of a request
for quotation and a reviewer's comments on a draft are other, a sample list beside a
change order is the change's and one with an RFQ plans it, PK parameters by animal are
results, a cover note for the sender's bills (in six languages) is an invoice: 87/90 and
86/97; 71/72 and 125/150 (129/150 since, with shipping forms, and German confidentiality
agreements and scopes of services read as other). Most attachment misses left are the
model's: a Gantt chart or
a delta sheet read as a sample list, a supplier's terms read as a report.

`unseen11/` (84 mails from the sponsor's side and from outside the pair: purchase orders,
RFQs with budgets, sponsors' own CoAs, comments and audit findings; couriers, procurement
portals, e-signature platforms, vendors' price lists) was scored once first: 76/84
messages, 74/87 attachments. From it: an e-signature "completed" notice is the award for
a signed quote or SOW and the change agreed for a signed change order, and the sponsor's
certificates sent ahead for the lab's sample receipt are other, a sample list whose added
cost the mail approves is a change, a sponsor's audit report is other: 81/84, 78/87.

`unseen12/` (72 mails carrying 116 documents of CMC and manufacturing, genomics and
central labs: batch records, stability tables, deviation reports, submission forms with
the sponsor's own measurements, QC reports, long-format lab transfers, per-visit bills; a
third not in English) was scored once first: 60/72 messages, 80/116 attachments, the
hardest set yet. From it: lab results transferred one row per test (subject, result,
unit, range; CDISC LB names too), manifests headed in Portuguese and Italian, a
workbook titled by its sheet's name, price tables headed in five more languages, and
the priced lines beside a bill being its detail: 64/72, 84/116; with the forms named
below, 65/72, 88/116; with the sponsor's certificates sent for the lab's incoming
inspection or dose formulation read as the sponsor's, 66/72, 89/116; with a priced work
order an offer, and an offer sent with a blank submission form a quote, 68/72, 90/116.

`unseen13/` (72 mails from in vivo pharmacology, DMPK, biologics, cell and gene therapy,
device biocompatibility, histopathology and immunogenicity, written tersely, formally,
bilingually or in bullets) was scored once first: 64/72 messages, 68/81 attachments. From
it: a document titled as the form or list that travels with samples (submission form,
Probenbegleitschein, packing list) and carrying shipping details is a sample sheet; change
orders whose field labels lost their colons in a PDF table, and French avenants (an
amendment to a purchase order is a change, not the order): 69/72, 73/81; then 70/72,
74/81 (the test item's CoA sent for dose formulation is the sponsor's); 70/72, 75/81.

Links: the model now reads a URL as its words, without its ids (a calendar link's random
`eid=…` had pushed an invitation towards `deliverable`), retrained so (held-out
macro-F1 0.941 → 0.939 for messages): five more messages right across the sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier import Classifier
from ingest import RawEmail, parse
from mailroom.conversions import message_input

HERE = Path(__file__).parent / "unseen"
SECOND = Path(__file__).parent / "unseen2"
MESSAGE_FLOOR = 0.90  # 110 of 122
ATTACHMENT_FLOOR = 0.88  # 56 of 63
SECOND_MESSAGE_FLOOR = 0.92  # 138 of 150
SECOND_ATTACHMENT_FLOOR = 0.87  # 81 of 93
THIRD = Path(__file__).parent / "unseen3"
THIRD_MESSAGE_FLOOR = 0.86  # 104 of 120
THIRD_ATTACHMENT_FLOOR = 0.88  # 66 of 75
FOURTH = Path(__file__).parent / "unseen4"
FOURTH_MESSAGE_FLOOR = 0.86  # 78 of 90
FOURTH_ATTACHMENT_FLOOR = 0.83  # 50 of 60
FIFTH = Path(__file__).parent / "unseen5"
FIFTH_MESSAGE_FLOOR = 0.94  # 94 of 100
FIFTH_ATTACHMENT_FLOOR = 0.92  # 83 of 90
SIXTH = Path(__file__).parent / "unseen6"
SIXTH_MESSAGE_FLOOR = 0.93  # 84 of 90
SIXTH_ATTACHMENT_FLOOR = 0.87  # 113 of 129
SEVENTH = Path(__file__).parent / "unseen7"
SEVENTH_MESSAGE_FLOOR = 0.88  # 80 of 90
SEVENTH_ATTACHMENT_FLOOR = 0.85  # 64 of 75
EIGHTH = Path(__file__).parent / "unseen8"
EIGHTH_MESSAGE_FLOOR = 0.91  # 82 of 90
EIGHTH_ATTACHMENT_FLOOR = 0.9  # 88 of 97
NINTH = Path(__file__).parent / "unseen9"
NINTH_MESSAGE_FLOOR = 0.91  # 82 of 90
NINTH_ATTACHMENT_FLOOR = 0.83  # 81 of 97
TENTH = Path(__file__).parent / "unseen10"
TENTH_MESSAGE_FLOOR = 0.93  # 67 of 72
TENTH_ATTACHMENT_FLOOR = 0.8  # 120 of 150
ELEVENTH = Path(__file__).parent / "unseen11"
ELEVENTH_MESSAGE_FLOOR = 0.9  # 76 of 84
ELEVENTH_ATTACHMENT_FLOOR = 0.85  # 74 of 87
TWELFTH = Path(__file__).parent / "unseen12"
TWELFTH_MESSAGE_FLOOR = 0.86  # 62 of 72
TWELFTH_ATTACHMENT_FLOOR = 0.7  # 82 of 116
THIRTEENTH = Path(__file__).parent / "unseen13"
THIRTEENTH_MESSAGE_FLOOR = 0.88  # 64 of 72
THIRTEENTH_ATTACHMENT_FLOOR = 0.84  # 69 of 81


def _scored(clf: Classifier, here: Path = HERE) -> tuple[list[str], list[str], int, int]:
    """Misread messages, misread attachments, and how many of each there are.

    Inline images in the body (signature logos) are not attachments to Mailroom, so an
    expected attachment the parser does not return is not counted; nor is one the parser
    makes that the author could not name (the body of a forwarded message, "message-body.txt",
    expected under the forward's own file name).
    """
    expected = json.loads((here / "expected.json").read_text())
    wrong_messages: list[str] = []
    wrong_attachments: list[str] = []
    attachments = 0
    for rel, want in sorted(expected.items()):
        raw = RawEmail.from_bytes((here / "mail" / rel).read_bytes(), f"file:{rel}")
        parsed = parse(raw)
        (result,) = clf.classify([message_input(parsed)])
        if result.message.label.value != want["label"]:
            wrong_messages.append(f"{rel}: {result.message.label.value}, want {want['label']}")
        for att, pred in zip(parsed.attachments, result.attachments, strict=True):
            if att.filename not in want["attachments"]:
                continue
            attachments += 1
            if pred.label.value != want["attachments"][att.filename]:
                wrong_attachments.append(f"{rel} {att.filename}: {pred.label.value}")
    return wrong_messages, wrong_attachments, len(expected), attachments


def test_mail_written_apart_from_the_training_data_stays_above_the_floor(
    clf: Classifier,
) -> None:
    # Given the unseen set, When every mail and attachment is classified
    wrong_messages, wrong_attachments, messages, attachments = _scored(clf)
    # Then the share right stays above the floor (the misreads are listed on failure)
    assert 1 - len(wrong_messages) / messages >= MESSAGE_FLOOR, wrong_messages
    assert 1 - len(wrong_attachments) / attachments >= ATTACHMENT_FLOOR, wrong_attachments
    assert attachments == 63  # every attachment was read as one


def test_talk_about_a_business_act_is_not_the_act(clf: Classifier) -> None:
    # Given the hard negatives: asking after a quote or an invoice, an RFQ, a purchase
    # order, comments on a draft, a sponsor's own certificate, an out-of-office
    expected = json.loads((HERE / "expected.json").read_text())
    negatives = [rel for rel, want in expected.items() if want["label"] == "other"]
    # When they are classified
    wrong, _, _, _ = _scored(clf)
    misread = [line for line in wrong if line.split(":")[0] in negatives]
    # Then at most a few of them (the debatable ones) take a business label
    assert len(negatives) >= 20
    assert len(misread) <= 5, misread  # 4 when this test was written


# (set, messages, attachments read, message floor, attachment floor). Attachments read
# exclude inline images in the body: 97 listed in the second set (4 logos), 82 in the third
# (7 logos), 65 in the fourth (4 logos and a photo).
LATER_SETS = [
    (SECOND, 150, 93, SECOND_MESSAGE_FLOOR, SECOND_ATTACHMENT_FLOOR),
    (THIRD, 120, 75, THIRD_MESSAGE_FLOOR, THIRD_ATTACHMENT_FLOOR),
    (FOURTH, 90, 60, FOURTH_MESSAGE_FLOOR, FOURTH_ATTACHMENT_FLOOR),
    (FIFTH, 100, 90, FIFTH_MESSAGE_FLOOR, FIFTH_ATTACHMENT_FLOOR),
    (SIXTH, 90, 129, SIXTH_MESSAGE_FLOOR, SIXTH_ATTACHMENT_FLOOR),
    (SEVENTH, 90, 75, SEVENTH_MESSAGE_FLOOR, SEVENTH_ATTACHMENT_FLOOR),
    (EIGHTH, 90, 97, EIGHTH_MESSAGE_FLOOR, EIGHTH_ATTACHMENT_FLOOR),
    (NINTH, 90, 97, NINTH_MESSAGE_FLOOR, NINTH_ATTACHMENT_FLOOR),
    (TENTH, 72, 150, TENTH_MESSAGE_FLOOR, TENTH_ATTACHMENT_FLOOR),
    (ELEVENTH, 84, 87, ELEVENTH_MESSAGE_FLOOR, ELEVENTH_ATTACHMENT_FLOOR),
    (TWELFTH, 72, 116, TWELFTH_MESSAGE_FLOOR, TWELFTH_ATTACHMENT_FLOOR),
    (THIRTEENTH, 72, 81, THIRTEENTH_MESSAGE_FLOOR, THIRTEENTH_ATTACHMENT_FLOOR),
]


@pytest.mark.parametrize(
    ("here", "size", "read", "message_floor", "attachment_floor"), LATER_SETS,
    ids=["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
         "eleventh", "twelfth", "thirteenth"],
)  # fmt: skip
def test_later_sets_written_apart_stay_above_their_floors(
    clf: Classifier, here: Path, size: int, read: int, message_floor: float,
    attachment_floor: float,
) -> None:  # fmt: skip
    # Given a later unseen set, When every mail and attachment is classified
    wrong_messages, wrong_attachments, messages, attachments = _scored(clf, here)
    # Then the share right stays above its floor (the misreads are listed on failure)
    assert (messages, attachments) == (size, read)
    assert 1 - len(wrong_messages) / messages >= message_floor, wrong_messages
    assert 1 - len(wrong_attachments) / attachments >= attachment_floor, wrong_attachments

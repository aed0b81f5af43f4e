"""Classify messages and attachments: model scores, calibration, then structural rules.

Order of one `classify` call (batched through `nlp.pipe`):
1. every attachment of every message, on its own (name, type, text);
2. every message (subject + reply text + one `xatt_<label>` marker per attachment), so a
   cover note can take the label of the quote it carries;
3. structural rules (signals.py) replace the model's label when they fire;
4. entities from subject, reply text and attachment texts.
Text that is not language (binary garbage) is dropped before the model sees it; an item
with nothing left to read is `other` with `NO_EVIDENCE_CONFIDENCE`.

Confidence is the calibrated probability of the chosen label (temperature scaling, see
calibration.py); a rule sets it to at least `RULE_CONFIDENCE`. Callers route anything
under the review threshold to human review instead of acting on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from classifier import calibration, features, pipeline, signals
from classifier.entities import extract_entities
from classifier.reply_decision import ReplyDecision, read_decision
from classifier.types import (
    AttachmentInput,
    Classification,
    Entity,
    Label,
    MessageInput,
    Prediction,
)

# Below this, an item goes to the review queue. Chosen on the calibration split: above
# 0.6 the shipped model is right about 97 % of the time on unseen phrasing, and only a
# small share of real items fall under it (see `mailroom classifier evaluate`).
DEFAULT_REVIEW_THRESHOLD = 0.6
NO_EVIDENCE_CONFIDENCE = 0.2
# A message label needs evidence: below this the model is guessing among six labels
# (mail about nothing it knows: a newsletter, a note about the weather), and such mail is
# `other`, at the low confidence that sends it to review. Attachments keep their guess:
# a document's file name and layout make even a weak guess usually right.
ACT_FLOOR = 0.4
ATTACHMENT_MARKER_MIN = 0.5  # an attachment label below this is passed on as "unsure"
COVER_NOTE_MAX_OTHER = 0.9  # a message model "other" above this is not a mere cover note
# Labels an RFQ is misread as (its scope reads like a quote, the CoA it asks for like a
# deliverable). Not a change: "please send a revised quote for two more timepoints"
# proposes one.
RFQ_MISREAD = frozenset({Label.QUOTE, Label.DELIVERABLE, Label.INVOICE})
CARRIED_MIN = 0.85  # attachment confidence needed for a cover note to take its label
UNREAD_DOCUMENT_MAX = 0.7  # a document judged by the mail around it, not by its own text
# A bag of words sums its evidence, so paragraphs of news and courtesy around the point
# can outvote the one sentence that makes a mail a quote. Bodies at least this long are
# also read paragraph by paragraph (subject + paragraph, as a short mail is read); a
# paragraph that is confidently an act wins over a whole-message `other`. "Confidently":
# on the held-out split and the generated backfill mail, 0.65 is the lowest bar at which
# no `other` mail turns into an act (0.85 left a quarter of chatty acts unread).
SEGMENT_MIN_CHARS = 300
SEGMENT_CONFIDENT = 0.65
MAX_SEGMENTS = 12
SHORT_PARAGRAPH = 60  # shorter paragraphs (greetings, sign-offs) join the next one


class Classifier:
    """A loaded model. Build with `Classifier.load()`; one per process is enough."""

    def __init__(self, nlp: Language, meta: pipeline.Meta) -> None:
        self.nlp = nlp
        self.meta = meta

    @classmethod
    def load(cls, model_dir: Path | None = None) -> Classifier:
        """The model at `model_dir` (default: the artefact shipped in the package), cached."""
        return _load_cached((model_dir or pipeline.PACKAGED_MODEL_DIR).resolve())

    @property
    def review_threshold(self) -> float:
        return self.meta.review_threshold

    def needs_review(self, prediction: Prediction) -> bool:
        return prediction.confidence < self.review_threshold

    # ------------------------------------------------------------------ public
    def classify(self, items: Sequence[MessageInput]) -> list[Classification]:
        # Whether a text is language is asked once per text and passed on: the models, the
        # rules and the entity extractor all need it.
        flat = [att for item in items for att in item.attachments]
        flat_readable = [signals.is_language(a.text) for a in flat]
        att_preds = iter(self._attachments(flat, flat_readable))
        per_item = [tuple(next(att_preds) for _ in item.attachments) for item in items]
        readable = [signals.is_language(item.reply_text) for item in items]
        own = [ok and signals.sends_own_material_coa(f"{item.subject}\n{item.reply_text}")
               for item, ok in zip(items, readable, strict=True)]  # fmt: skip
        per_item = [
            _own_certificates(item, atts) if mine else atts
            for item, atts, mine in zip(items, per_item, own, strict=True)
        ]
        msg_preds = [
            _own_material(msg) if mine and msg.label == Label.DELIVERABLE else msg
            for msg, mine in zip(self._messages(items, per_item, readable), own, strict=True)
        ]
        per_item = [
            _bill_details(msg, _described_by_the_mail(item, msg, atts))
            for item, msg, atts in zip(items, msg_preds, per_item, strict=True)
        ]
        att_readable = iter(flat_readable)
        return [
            Classification(
                msg, atts, _entities(item, [next(att_readable) for _ in item.attachments])
            )
            for item, msg, atts in zip(items, msg_preds, per_item, strict=True)
        ]

    def classify_attachments(self, items: Sequence[AttachmentInput]) -> list[Prediction]:
        return self._attachments(items, [signals.is_language(a.text) for a in items])

    def classify_attachment(self, item: AttachmentInput) -> Prediction:
        return self.classify_attachments([item])[0]

    def explain(self, item: MessageInput) -> str:
        from classifier.explain import explain

        return explain(self, item)

    # ---------------------------------------------------------------- internal
    def _attachments(
        self, items: Sequence[AttachmentInput], readable: Sequence[bool]
    ) -> list[Prediction]:
        texts = [
            features.attachment_text(a.filename, a.content_type, a.text if ok else "")
            for a, ok in zip(items, readable, strict=True)
        ]
        raw = pipeline.scores(self.nlp, "textcat_attachment", texts)
        out = []
        for att, ok, probs in zip(items, readable, raw, strict=True):
            notes: tuple[str, ...] = (
                () if ok or not att.text else ("text is not language: judged by file name",)
            )
            signal = signals.first_signal(
                signals.ATTACHMENT_RULES, att.filename, att.content_type, att.text if ok else ""
            )
            if signal is None and not ok:  # digests, file names and markup are not language
                signal = signals.first_signal(
                    signals.UNREADABLE_RULES, att.filename, att.content_type, att.text
                )
            if signal is None and ok and _unfounded_invoice(probs, att.text):
                probs = _as_other(probs, Label.INVOICE)
                notes = (*notes, "rule: no currency or bill wording, so not an invoice")
            out.append(_decide(probs, self.meta.temperature_attachment, signal, notes))
        return out

    def message_texts(
        self, items: Sequence[MessageInput], attachments: Sequence[Sequence[Prediction]]
    ) -> list[str]:
        readable = [signals.is_language(item.reply_text) for item in items]
        return self._message_texts(items, attachments, readable)

    def _message_texts(
        self,
        items: Sequence[MessageInput],
        attachments: Sequence[Sequence[Prediction]],
        readable: Sequence[bool],
    ) -> list[str]:
        return [
            _message_text(item, atts, ok)
            for item, atts, ok in zip(items, attachments, readable, strict=True)
        ]

    def _messages(
        self,
        items: Sequence[MessageInput],
        attachments: Sequence[Sequence[Prediction]],
        readable: Sequence[bool],
    ) -> list[Prediction]:
        texts = self._message_texts(items, attachments, readable)
        paragraphs = [
            _segments(item.reply_text) if ok else []
            for item, ok in zip(items, readable, strict=True)
        ]
        segment_texts = [
            features.message_text(item.subject, para)
            for item, paras in zip(items, paragraphs, strict=True)
            for para in paras
        ]
        # One call for both: a paragraph's lines are the message's, read once (pipeline.py).
        every = list(pipeline.scores(self.nlp, "textcat_message", [*texts, *segment_texts]))
        raw = every[: len(texts)]
        segment_probs = iter(every[len(texts) :])
        out = []
        for item, atts, ok, probs, paras in zip(
            items, attachments, readable, raw, paragraphs, strict=True
        ):
            per_paragraph = [next(segment_probs) for _ in paras]
            if not ok and not item.subject.strip() and not item.attachments:
                out.append(_no_evidence(probs))
                continue
            signal = (
                signals.first_signal(signals.MESSAGE_RULES, "", "text/plain", item.reply_text)
                if ok
                else None
            )
            notes = () if ok or not item.reply_text else ("body is not language: ignored",)
            temperature = self.meta.temperature_message
            calibrated = [calibration.apply(p, temperature) for p in per_paragraph]
            probs, notes = _paragraph_act(probs, calibrated, notes)
            conviction = min((p[Label.OTHER.value] for p in calibrated), default=1.0)
            decided = _carried(
                _decide(probs, temperature, signal, notes, floor=ACT_FLOOR), atts, conviction
            )
            if decided.label in RFQ_MISREAD and signals.asks_for_quote(item.reply_text):
                decided = _asks_for_quote(decided, atts)
            if (
                decided.label != Label.OTHER
                and not item.attachments
                and signals.is_acknowledgement(item.reply_text)
            ):
                decided = _acknowledged(decided)
            elif decided.label == Label.OTHER and _approves_a_change(item.reply_text):
                decided = _approved_change(decided)
            elif decided.label == Label.QUOTE and signals.revises_awarded_work(item.reply_text):
                decided = _revised_after_award(decided)
            elif _covers_own_quote(item, decided):
                decided = _quote_cover_note(decided)
            elif decided.label == Label.SAMPLE_SHEET:
                decided = _list_of_another_act(decided, atts, item.reply_text)
            if decided.label != Label.INVOICE and _covers_own_invoice(item, atts):
                decided = _invoice_cover_note(decided)
            if signals.signing_completed(item.subject, item.reply_text):
                decided = _signed_by_all(decided, atts, item.subject)
            out.append(decided)
        return out


@lru_cache(maxsize=4)
def _load_cached(model_dir: Path) -> Classifier:
    nlp, meta = pipeline.load(model_dir)
    return Classifier(nlp, meta)


def _message_text(item: MessageInput, attachments: Sequence[Prediction], readable: bool) -> str:
    body = item.reply_text if readable else ""
    tags = [
        (
            att.filename,
            pred.label.value if pred.confidence >= ATTACHMENT_MARKER_MIN else features.UNSURE,
        )
        for att, pred in zip(item.attachments, attachments, strict=True)
    ]
    return features.message_text(item.subject, body, tags)


def _segments(body: str) -> list[str]:
    """The paragraphs of a long body (within the model's head), short ones joined to the next."""
    text = body[: features.MESSAGE_HEAD_CHARS]
    if len(text) < SEGMENT_MIN_CHARS:
        return []
    out: list[str] = []
    pending = ""
    for block in text.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        pending = f"{pending}\n{block}" if pending else block
        if len(pending) >= SHORT_PARAGRAPH:
            out.append(pending)
            pending = ""
    if pending:
        out.append(pending)
    return out[:MAX_SEGMENTS] if len(out) > 1 else []


def _paragraph_act(
    whole: dict[str, float],
    paragraphs: Sequence[dict[str, float]],
    notes: tuple[str, ...],
) -> tuple[dict[str, float], tuple[str, ...]]:
    """The whole message's scores, or a paragraph's (calibrated) when the whole says
    `other` and one paragraph is confidently an act (the padding outvoted it)."""
    if not paragraphs or max(whole, key=whole.__getitem__) != Label.OTHER.value:
        return whole, notes
    best_at, best = max(
        enumerate(paragraphs),
        key=lambda kv: max(v for k, v in kv[1].items() if k != Label.OTHER.value),
    )
    label = max((k for k in best if k != Label.OTHER.value), key=best.__getitem__)
    if best[label] < SEGMENT_CONFIDENT:
        return whole, notes
    note = f"paragraph {best_at + 1} reads as {label} {best[label]:.2f}; whole message other"
    return paragraphs[best_at], (*notes, note)


def _decide(
    probs: dict[str, float],
    temperature: float,
    signal: signals.Signal | None,
    notes: tuple[str, ...],
    floor: float = 0.0,
) -> Prediction:
    calibrated = calibration.apply(probs, temperature)
    scores = tuple(sorted(((Label(k), v) for k, v in calibrated.items()), key=lambda kv: -kv[1]))
    label, confidence = scores[0]
    reasons = [f"model: {label.value} {confidence:.2f}", *notes]
    if label != Label.OTHER and confidence < floor and signal is None:
        label, confidence = Label.OTHER, calibrated[Label.OTHER.value]
        reasons.insert(0, f"rule: no label reaches {floor:.2f}; other")
    if signal is not None:
        if signal.label != label:
            reasons.append(f"overrules model ({label.value} {confidence:.2f})")
        label, confidence = (
            signal.label,
            max(signals.RULE_CONFIDENCE, calibrated[signal.label.value]),
        )
        reasons.insert(0, signal.reason)
    return Prediction(label, round(confidence, 4), scores, tuple(reasons))


def _carried(
    message: Prediction, attachments: Sequence[Prediction], paragraph_other: float = 1.0
) -> Prediction:
    """A cover note or chatter takes the label of the business document it carries.

    Applies only when the model calls the message `other` without conviction and an
    attachment is confidently something else; a confident `other` (a PO, comments on a
    draft, the sponsor's own CoA) keeps its label. A long message's conviction is that of
    its least chatty paragraph (`paragraph_other`): news around a cover note is not a
    reason to call the note chatter.
    """
    conviction = min(message.confidence, paragraph_other)
    if message.label != Label.OTHER or conviction >= COVER_NOTE_MAX_OTHER:
        return message
    carried = [a for a in attachments if a.label != Label.OTHER and a.confidence >= CARRIED_MIN]
    if not carried:
        return message
    main = max(carried, key=lambda a: a.confidence)
    reason = (
        f"rule: cover note carries a {main.label.value} attachment "
        f"({main.confidence:.2f}); model said other {message.confidence:.2f}"
    )
    return Prediction(
        main.label,
        round(main.confidence * (1 - conviction / 2), 4),
        message.scores,
        (reason, *message.signals),
    )


def _covers_own_invoice(item: MessageInput, attachments: Sequence[Prediction]) -> bool:
    """The mail says it sends the sender's bill, and no document it carries is another act
    (a report sent with its invoice stays the delivery it is; a priced line list beside
    the bill is its detail)."""
    billed = any(a.label == Label.INVOICE and a.confidence >= CARRIED_MIN for a in attachments)
    other_act = any(
        a.label not in (Label.OTHER, Label.INVOICE)
        and a.confidence >= CARRIED_MIN
        and not (billed and _priced_lines(a))
        for a in attachments
    )
    return not other_act and signals.sends_invoice(item.reply_text)


def _priced_lines(prediction: Prediction) -> bool:
    return prediction.label == Label.QUOTE and any(
        s.startswith(signals.LINE_ITEMS_REASON) for s in prediction.signals
    )


def _bill_details(
    message: Prediction, attachments: tuple[Prediction, ...]
) -> tuple[Prediction, ...]:
    """In a bill's mail, a table of priced lines beside the invoice is the bill's detail."""
    if message.label != Label.INVOICE or not any(
        a.label == Label.INVOICE and a.confidence >= CARRIED_MIN for a in attachments
    ):
        return attachments
    reason = "rule: priced lines beside the invoice in a bill's mail: the bill's detail"
    return tuple(
        Prediction(Label.INVOICE, a.confidence, a.scores, (reason, *a.signals))
        if _priced_lines(a)
        else a
        for a in attachments
    )


def _invoice_cover_note(message: Prediction) -> Prediction:
    reason = f"rule: a cover note for the sender's invoice; said {message.label.value}"
    return Prediction(Label.INVOICE, max(0.6, round(message.confidence * 0.8, 4)),
                      message.scores, (reason, *message.signals))  # fmt: skip


_CHANGE_NAMED = re.compile(
    r"\b(?:change\s+order|change\s+request|co-|cr-|amendment|änderung)", re.IGNORECASE
)


def _signed_by_all(
    message: Prediction, attachments: Sequence[Prediction], subject: str
) -> Prediction:
    """Every party signed: a change order signed is the change agreed; a quote, SOW or
    proposal signed is the award (domain notes: awards are `other`). The signed document
    keeps its own label."""
    if any(a.label == Label.CHANGE_AGREEMENT and a.confidence >= CARRIED_MIN for a in attachments
           ) or _CHANGE_NAMED.search(subject):  # fmt: skip
        label, reason = Label.CHANGE_AGREEMENT, "rule: a change order signed by every party"
    elif message.label == Label.QUOTE or any(a.label == Label.QUOTE for a in attachments):
        label, reason = Label.OTHER, "rule: a quote or SOW signed by every party (an award)"
    else:
        return message
    if label == message.label:
        return message
    return Prediction(label, max(0.6, round(message.confidence * 0.8, 4)), message.scores,
                      (f"{reason}; said {message.label.value}", *message.signals))  # fmt: skip


def _list_of_another_act(
    message: Prediction, attachments: Sequence[Prediction], text: str
) -> Prediction:
    """A sample list that is not a shipment: the samples a change covers (a change order
    beside it, or the added cost agreed in the mail: the change is the act), or the
    samples an RFQ plans (the request is: `other`)."""
    change = [
        a for a in attachments
        if a.label == Label.CHANGE_AGREEMENT and a.confidence >= CARRIED_MIN
    ]  # fmt: skip
    if change or signals.agrees_added_cost(text):
        reason = "rule: the sample list goes with a change, which is the act"
        confidence = change[0].confidence if change else message.confidence
        return Prediction(Label.CHANGE_AGREEMENT, round(confidence * 0.9, 4),
                          message.scores, (reason, *message.signals))  # fmt: skip
    offer = [a for a in attachments if a.label == Label.QUOTE and a.confidence >= CARRIED_MIN]
    if offer and (signals.offers_own_quote(text) or signals.states_validity(text)):
        reason = "rule: the mail sends its own priced offer; the form beside it is for later"
        return Prediction(Label.QUOTE, round(offer[0].confidence * 0.9, 4),
                          message.scores, (reason, *message.signals))  # fmt: skip
    if signals.asks_for_quote(text) and not signals.reports_shipment(text):
        reason = "rule: the sample list plans the work an RFQ asks a price for"
        return Prediction(Label.OTHER, max(0.5, round(message.confidence * 0.8, 4)),
                          message.scores, (reason, *message.signals))  # fmt: skip
    return message


def _asks_for_quote(message: Prediction, attachments: Sequence[Prediction]) -> Prediction:
    """An RFQ is `other`, unless it carries a document of its label (that decides)."""
    if any(a.label == message.label and a.confidence >= CARRIED_MIN for a in attachments):
        return message
    scores = {k.value: v for k, v in message.scores}
    other = scores.get(Label.OTHER.value, 0.0) + scores.get(message.label.value, 0.0)
    reason = (
        f"rule: asks for a quote and shows none (an RFQ); said {message.label.value} "
        f"{message.confidence:.2f}"
    )
    return Prediction(Label.OTHER, round(max(other, 0.5), 4), message.scores,
                      (reason, *message.signals))  # fmt: skip


def _approves_a_change(text: str) -> bool:
    """A short firm approval ("aprobado, podéis proceder con la condición adicional") of
    something added, repeated, moved or amended: the change agreed, in any language the
    reply reader knows, though the model knows few of them."""
    if not signals.names_a_change(text):
        return False
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    opening = next((line for line in lines if not signals.is_greeting(line)), "")
    # The decision opens the reply; "planned as agreed" in a status note approves nothing.
    reading = read_decision(signals.AS_AGREED.sub(" ", opening))
    # A conditional approval of a change is still a change (proposed, if not yet agreed).
    return reading.decision == ReplyDecision.APPROVE or reading.reason.startswith("conditional")


def _approved_change(message: Prediction) -> Prediction:
    reason = f"rule: a firm approval of a change; model said other {message.confidence:.2f}"
    return Prediction(Label.CHANGE_AGREEMENT, signals.RULE_CONFIDENCE, message.scores,
                      (reason, *message.signals))  # fmt: skip


def _covers_own_quote(item: MessageInput, message: Prediction) -> bool:
    """Chatter by the model's reading, yet the provider says it attaches its own offer (a
    scan, a protected PDF: the document cannot speak for itself)."""
    return (
        message.label == Label.OTHER
        and message.confidence < COVER_NOTE_MAX_OTHER
        and bool(item.attachments)
        and signals.offers_own_quote(item.reply_text)
        and not signals.asks_for_quote(item.reply_text)
    )


def _quote_cover_note(message: Prediction) -> Prediction:
    reason = (
        f"rule: a cover note for the sender's own quote; model said other {message.confidence:.2f}"
    )
    return Prediction(Label.QUOTE, 0.8, message.scores, (reason, *message.signals))


def _revised_after_award(message: Prediction) -> Prediction:
    """A revised quote for work already awarded announces a change (its PDF stays a quote)."""
    reason = (
        "rule: re-prices awarded work (a PO to amend) for a change of scope or dates; "
        f"model said quote {message.confidence:.2f}"
    )
    return Prediction(Label.CHANGE_AGREEMENT, signals.RULE_CONFIDENCE, message.scores,
                      (reason, *message.signals))  # fmt: skip


def _acknowledged(message: Prediction) -> Prediction:
    """A bare thanks or "received" is `other`, whatever the subject it answers names."""
    scores = {k.value: v for k, v in message.scores}
    other = scores.get(Label.OTHER.value, 0.0) + scores.get(message.label.value, 0.0)
    reason = f"rule: a bare acknowledgement; said {message.label.value} {message.confidence:.2f}"
    return Prediction(Label.OTHER, round(max(other, 0.5), 4), message.scores,
                      (reason, *message.signals))  # fmt: skip


# Documents whose text cannot be read (a scan with no text layer, a protected or broken
# PDF) and whose kind says nothing either.
_UNDESCRIBED_KINDS = frozenset({"pdf", "doc", "sheet", "other"})


def _described_by_the_mail(
    item: MessageInput, message: Prediction, attachments: tuple[Prediction, ...]
) -> tuple[Prediction, ...]:
    """A document with no text takes the act the mail names ("attached is our quote
    (scanned)"), when the mail is that act and no readable attachment already is it.

    An archive takes it even then: a zip beside the report is its raw data or SEND
    package, a zip beside the invoice holds more bills."""
    if message.label == Label.OTHER:
        return attachments
    carried = any(a.label == message.label for a in attachments)
    return tuple(
        _as_the_mail_says(pred, message)
        if not att.text.strip()
        and (
            _is_archive(att.content_type, att.filename)
            or (not carried
            and features.content_kind(att.content_type, att.filename) in _UNDESCRIBED_KINDS)
        )
        else pred
        for att, pred in zip(item.attachments, attachments, strict=True)
    )


_ARCHIVE_TYPES = ("zip", "x-7z", "x-tar", "gzip", "x-rar", "vnd.rar", "x-gtar")
_ARCHIVE_NAMES = (".zip", ".7z", ".tar", ".tgz", ".tar.gz", ".rar")


def _is_archive(content_type: str, filename: str) -> bool:
    subtype = content_type.lower().partition("/")[2]
    return subtype.endswith(_ARCHIVE_TYPES) or filename.lower().endswith(_ARCHIVE_NAMES)


def _as_the_mail_says(prediction: Prediction, message: Prediction) -> Prediction:
    reason = (
        f"rule: no text to read; the mail is a {message.label.value} and names no other "
        f"document for it (file name alone said {prediction.label.value} "
        f"{prediction.confidence:.2f})"
    )
    confidence = round(min(message.confidence, UNREAD_DOCUMENT_MAX), 4)
    return Prediction(message.label, confidence, prediction.scores, (reason, *prediction.signals))


def _own_certificates(
    item: MessageInput, attachments: tuple[Prediction, ...]
) -> tuple[Prediction, ...]:
    """The certificates a sponsor sends for its own material are `other`, not deliveries."""
    return tuple(
        _own_material(pred) if _is_delivered_certificate(att, pred) else pred
        for att, pred in zip(item.attachments, attachments, strict=True)
    )


def _is_delivered_certificate(att: AttachmentInput, pred: Prediction) -> bool:
    return pred.label == Label.DELIVERABLE and signals.looks_like_certificate(
        att.filename, att.text
    )


def _own_material(prediction: Prediction) -> Prediction:
    """Domain notes: a CoA the sponsor sends for its own test item is `other`."""
    scores = {k.value: v for k, v in prediction.scores}
    other = scores.get(Label.OTHER.value, 0.0) + scores.get(Label.DELIVERABLE.value, 0.0)
    reason = (
        "rule: the certificate of the sponsor's own material, sent to the lab; "
        f"said deliverable {prediction.confidence:.2f}"
    )
    return Prediction(Label.OTHER, round(max(other, 0.5), 4), prediction.scores,
                      (reason, *prediction.signals))  # fmt: skip


def _unfounded_invoice(probs: dict[str, float], text: str) -> bool:
    """The model calls a document with text an invoice, and the text shows no sign of one."""
    top = max(probs, key=probs.__getitem__)
    return top == Label.INVOICE.value and bool(text.strip()) and not signals.invoice_evidence(text)


def _as_other(probs: dict[str, float], label: Label) -> dict[str, float]:
    """The scores with ``label`` ruled out and its share given to `other`.

    Not rescaled over the rest: the model's belief was in ``label``, and a runner-up it
    barely considered must not inherit that confidence.
    """
    moved = {k: (0.0 if k == label.value else v) for k, v in probs.items()}
    moved[Label.OTHER.value] = moved.get(Label.OTHER.value, 0.0) + probs[label.value]
    return moved


def _no_evidence(probs: dict[str, float]) -> Prediction:
    scores = tuple((Label(k), v) for k, v in probs.items())
    return Prediction(
        Label.OTHER,
        NO_EVIDENCE_CONFIDENCE,
        scores,
        ("rule: nothing to read (empty or not language)",),
    )


def _entities(item: MessageInput, readable: Sequence[bool]) -> tuple[Entity, ...]:
    """Entities of subject and text, then of each attachment (`readable`: is it language)."""
    head = f"{item.subject}\n{item.reply_text}"
    texts = [head] if signals.is_language(head) else []
    texts += [a.text for a, ok in zip(item.attachments, readable, strict=True) if ok]
    seen: set[tuple[str, object]] = set()
    out = []
    for text in texts:
        for entity in extract_entities(text):
            if (entity.type, entity.value) not in seen:
                seen.add((entity.type, entity.value))
                out.append(entity)
    return tuple(out)

"""Reading a deliverable review out of the new text of a sponsor's reply.

A review answer is not a change approval: "our comments are attached, please finalise
once they are addressed" asks for changes even though it says "finalise". The order:

1. Quoted lines and our own instruction line ("Reply ACCEPT to accept it, or reply with
   your comments") are ignored.
2. Review comments or a request to revise ("comments attached", "our comments:", "please
   revise", "tracked changes", "we cannot accept", "bitte überarbeiten", "nos
   commentaires", "修正の上、再送"), or a fault named ("Table 9 is wrong", "the define.xml
   doesn't match", "faltan las páginas") mean changes requested, whatever else is said.
   A negated acceptance ("not accepted", "nicht abgenommen", "pas validé") is one too:
   the report goes back. Comments already addressed ("thanks for addressing our
   comments") are not new ones.
3. Acceptance ("accepted", "approved", "no further comments", "please finalise", "signed
   off", "abgenommen", "keine weiteren Anmerkungen", "validé", "bon pour accord") is an
   acceptance, unless tentative wording ("in principle", "pending", "subject to",
   "vorbehaltlich", "sous réserve", …) or a condition ("if", "once", "but", "sobald",
   "si", …) hedges it: then the reading is `none` and `tentative` names the hedge, so
   the caller asks a person instead of acting.
4. A holding answer ("we'll review and come back by Friday", "forwarded to our QA for
   review", "can you confirm the LLOQ before we accept?", "社内で確認の上") decides
   nothing but is about the review: `none`, with `tentative` naming why.
5. Anything else says nothing about the review.

The text is folded like `reply_decision` folds it (lower case, one kind of apostrophe,
one-letter typos of "approved" corrected) and the tentative wording is that module's
table, so a change approval and a review hedge the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from classifier.phrases import PhraseTable, find_phrases, mask
from classifier.reply_decision import POLITE, TENTATIVE, fold


class ReviewDecision(StrEnum):
    ACCEPTED = "accepted"
    CHANGES_REQUESTED = "changes_requested"
    NONE = "none"


@dataclass(frozen=True)
class ReviewReading:
    """What a reply says about a delivery, and the phrases that decided it.

    `tentative` is set only when an acceptance was hedged (the decision is then `none`).
    """

    decision: ReviewDecision
    matched: tuple[str, ...] = ()
    tentative: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.decision is ReviewDecision.CHANGES_REQUESTED:
            return f"changes requested: {_listed(self.matched)}"
        if self.decision is ReviewDecision.ACCEPTED:
            return f"accepted: {_listed(self.matched)}"
        if self.tentative:
            return f"tentative: {_listed(self.tentative)}"
        return ""


def _alternation(*patterns: str) -> PhraseTable:
    return PhraseTable(patterns, re.IGNORECASE | re.MULTILINE)


_COMMENTS = r"(?:comments?|remarks|feedback|corrections|edits)"
# "Please add my colleague to the distribution list" changes who gets mail, not the report.
_NOT_PEOPLE = (
    r"(?![^.\n]{0,40}\b(?:distribution|mailing\s+list|cc\b|loop|invite|invitation|meeting"
    r"|call|thread|portal\s+access|access\s+to)\b)"
)
CHANGES = _alternation(
    # English
    rf"\b{_COMMENTS}\s+(?:are\s+|is\s+)?(?:attached|below|enclosed|inline|as\s+follows)\b",
    rf"\b(?:attached|enclosed|below)\s+(?:are\s+|is\s+)?(?:our|my|the)\s+(?:\w+\s+){{0,2}}?"
    rf"{_COMMENTS}\b",
    rf"(?<!addressing\s)(?<!addressed\s)(?<!for\s)(?<!on\s)(?<!incorporating\s)\b(?:our|my)"
    rf"\s+(?:\w+\s+){{0,2}}?{_COMMENTS}(?=\s+(?:are|is|below|attached|follow|in\s+the|as\s+follows)\b)"
    rf"|(?<!addressing\s)(?<!addressed\s)(?<!for\s)(?<!on\s)\b(?:our|my)\s+(?:\w+\s+){{0,2}}?"
    rf"{_COMMENTS}(?=\s*:)",
    rf"\b(?:see|find|here\s+are|sending|send\s+you)\s+(?:\w+\s+){{0,2}}?(?:our|my)\s+"
    rf"(?:\w+\s+){{0,2}}?{_COMMENTS}\b",
    rf"\b{_COMMENTS}\s+are\s+in\s+the\b",
    rf"\b(?:a\s+few|some|several|two|three|minor)\s+(?:\w+\s+)?{_COMMENTS}\b",
    r"\b(?:please|pls|plz)\s+(?:revise|correct|amend|update|fix|address|rework|change|re-?issue"
    rf"|rephrase|re-?send|resubmit|add|include|remove|delete|re-?run|re-?do)\b{_NOT_PEOPLE}",
    # a request to change the document, asked as a question
    r"\b(?:could|can|would)\s+you\s+(?:please\s+|pls\s+|also\s+)?(?:revise|correct|amend|update"
    rf"|fix|rework|change|add|include|remove|delete|re-?run|re-?do|re-?analy[sz]e|re-?fit)\b"
    rf"{_NOT_PEOPLE}",
    r"\bexcept\s+(?:for\s+)?(?:section|table|figure|fig\.?|appendix|page|chapter)\b",
    r"\b(?:table|figure|fig\.?|section|appendix|page)\s*\d+[^.\n]{0,60}\bshould\s+(?:be|read"
    r"|show|include|state)\b",
    r"\b(?:needs?|requires?)\s+(?:\w+\s+)?(?:rework|re-?work|correcting|fixing|updating)\b",
    r"\b(?:is|are)\s+(?:wrong|incorrect|missing|not\s+correct)\b|\bdo(?:es)?(?:n't|\s+not)\s+match\b"
    r"|(?<!no\s)\bdiscrepanc(?:y|ies)\b|(?<!no\s)\berrors?\s+in\b|(?<!no\s)\binconsisten(?:t|cy|cies)\b",
    r"\bchanges?\s+(?:are\s+)?(?:requested|needed|required)\b",
    r"\brequest(?:ing)?\s+(?:some\s+|a\s+few\s+)?(?:changes|revisions?|corrections)\b",
    r"\b(?:needs?|requires?)\s+(?:a\s+|some\s+|further\s+)?(?:revision|changes|corrections?)\b",
    r"\b(?:tracked\s+changes|mark-?up|marked-up|red-?lines?)\b",
    r"\b(?:cannot|can't|can\s+not|do\s+not|don't|unable\s+to)\s+(?:yet\s+)?"
    r"(?:accept|approve|sign\s+off)\b",
    r"\bnot\s+(?:yet\s+)?(?:accepted|acceptable|approved|ready\s+to\s+(?:accept|sign))\b",
    # German
    r"\b(?:unsere|meine)\s+(?:\w+\s+)?(?:anmerkungen|kommentare|korrekturen)\b",
    r"\b(?:anmerkungen|kommentare|korrekturen)\s+(?:sind\s+)?(?:anbei|im\s+anhang|unten)\b",
    r"\bbitte\s+(?:\w+\s+){0,3}?(?:überarbeiten|korrigieren|anpassen|ändern)\b",
    r"\bänderungswünsche\b",
    r"\bnicht\s+(?:\w+\s+)?(?:akzeptiert|abgenommen|freigegeben|genehmigt|akzeptieren|abnehmen)\b",
    r"\b(?:akzeptieren|abnehmen|freigeben)\s+(?:\w+\s+){0,2}?nicht\b",
    # French
    r"\b(?:nos|mes)\s+(?:\w+\s+)?(?:commentaires|remarques|corrections)\b",
    r"\b(?:commentaires|remarques|corrections)\s+(?:sont\s+)?(?:ci-joints?|ci-dessous|en\s+pi"
    r"èce\s+jointe)\b",
    r"\bmerci\s+de\s+(?:bien\s+vouloir\s+)?(?:corriger|réviser|modifier|reprendre)\b",
    r"\bmodifications\s+(?:sont\s+)?(?:demandées|nécessaires|requises)\b",
    r"\b(?:ne|n')\s*(?:pouvons|pouvez|peux|peut)\s+pas\s+(?:accepter|valider|approuver)\b",
    r"\bpas\s+(?:encore\s+)?(?:accepté|validé|approuvé)\w*",
    r"\b(?:ne|n')\s*(?:accept|valid|approuv)(?:e|ons)\s+pas\b",
    r"\bcorrections?\s+à\s+apporter\b|\bré-?émettre\b|\b(?:est|sont)\s+(?:faux|fausses?|erron\w+)",
    # Spanish, Italian, Dutch, Japanese, Chinese
    r"\bno\s+(?:podemos|puedo)\s+(?:aceptar|aprobar)\b|\bfavor\s+de\s+corregir\b|\bcorregir\b"
    r"|\bfaltan?\b",
    r"\bnon\s+(?:possiamo|posso)\s+(?:accettare|approvare)\b|\bcorreggere\b|\bcorrezioni\b",
    r"\bniet\s+(?:akkoord|goedgekeurd)\b|\bgraag\s+(?:aanpassen|corrigeren)\b",
    r"修正|誤り|再送|訂正|不備|请修改|需要修改|有误|更正",
    # Swedish
    r"\b(?:ett\s+par|några|våra)\s+kommentarer\b|\bkan\s+ni\s+(?:skicka\s+en\s+uppdaterad|rätta"
    r"|korrigera|uppdatera)\b|\b(?:vänligen\s+)?(?:rätta|korrigera)\b",
)
ACCEPT = _alternation(
    # English
    r"^\W*accept(?:ed)?\b",  # our request says "Reply ACCEPT to accept it"
    r"\baccepted\b",
    r"\b(?:i|we)\s+(?:hereby\s+)?(?:accept|approve)\b",
    r"\bapproved\b",
    r"\bno\s+(?:further\s+|more\s+|other\s+|additional\s+)?comments\b",
    r"\bnothing\s+further\b",
    r"\bplease\s+finali[sz]e\b",
    r"\b(?:ok|okay|fine|good)\s+to\s+(?:finali[sz]e|issue\s+the\s+final)\b",
    r"\bplease\s+(?:go\s+ahead\s+and\s+)?issue\s+the\s+final\b",
    r"\bsigned\s+off\b",
    r"\b(?:we|i)\s+(?:can\s+)?sign\s+off\b",
    r"\bhappy\s+with\s+the\s+(?:final\s+|draft\s+)?(?:report|data|deliverable|package)\b",
    r"\blgtm\b",
    r"\b(?:good\s+to\s+go|all\s+good|looks?\s+(?:fine|good|ok)|no\s+(?:issues|concerns)"
    r"|(?:we|i)\s*(?:'re|\s+are|'m|\s+am)\s+(?:fine|happy)\s+with\s+(?:it|this|the)"
    r"|(?:we|i)\s*(?:'re|\s+are)\s+fine\b|you\s+can\s+close\s+(?:the\s+)?milestone"
    r"|ok\s+to\s+release)\b",
    "\U0001f44d",
    # German
    r"\babgenommen\b",
    r"\bakzeptiert\b",
    r"\bfreigegeben\b",
    r"\bgenehmigt\b",
    r"\bkeine\s+weiteren\s+(?:anmerkungen|kommentare)\b",
    r"\bbitte\s+finalisieren\b",
    r"\bkeine\s+anmerkungen\b|\bpasst\s+so\b|\bin\s+ordnung\b",
    r"\b(?:wir|ich)\s+(?:akzeptieren|akzeptiere|nehmen\s+\w+\s+ab)\b",
    # French
    r"\bacceptée?s?\b",
    r"\bapprouvée?s?\b",
    r"\bvalidée?s?\b",
    r"\bbon\s+pour\s+accord\b",
    r"\b(?:pas\s+d'autres?|aucun\s+autre|aucun)\s+commentaires?\b",
    r"\b(?:nous|je)\s+(?:acceptons|accepte|validons|valide|approuvons|approuve)\b",
    r"\b(?:vous\s+pouvez|merci\s+de)\s+finaliser\b",
    r"\baucune\s+remarque\b",
    # Spanish, Italian, Dutch, Portuguese, Japanese, Chinese
    r"\b(?:aceptad[oa]|aprobad[oa]|aprovad[oa]|aceito|approvat[oa]|goedgekeurd|akkoord)\b",
    r"\b(?:sin|ningún)\s+comentarios?\b|\bnessun\s+commento\b|\bgeen\s+opmerkingen\b",
    r"\b(?:per\s+noi\s+)?va\s+bene\b",
    r"承認(?:します|いたします|致します|しました)|問題(?:ありません|ございません|なし)|了承|同意|没有问题|批准",
    # Swedish, Korean
    r"\bgodkänner\b|\bgodkänd\b|\bgodkänt\b|\bser\s+bra\s+ut\b",
    r"승인(?:합니다|함|드립니다)|검토\s?완료",
)
CONDITION = _alternation(
    r"\bif\b",
    r"\bonce\b",
    r"\bbut\b",
    r"\bunless\b",
    r"\bprovided\b",
    r"\bas\s+long\s+as\b",
    r"\bassuming\b",
    r"\bexcept\b",
    r"\bwenn\b",
    r"\bsobald\b",
    r"\baber\b",
    r"\bsofern\b",
    r"\bsi\b",
    r"\bdès\s+que\b",
    r"\bmais\b",
    r"\bà\s+condition\b",
)
# A holding answer: the review is under way or waits for something. It decides nothing,
# yet it is about the review: a person may want to know (`tentative`).
WAITING = _alternation(
    r"\bbefore\s+we\s+(?:can\s+)?(?:accept|sign\s+off|approve|finali[sz]e|file|submit|close)\b",
    r"\b(?:for|under)\s+(?:their|its|our|internal|qa)\s+review\b",
    r"\bforwarded\s+(?:it\s+)?to\b.{0,40}\bfor\s+(?:review|approval|sign-?off)\b",
    r"\bqa\s+(?:still\s+)?(?:has|needs|have)\s+to\b",
    r"\bwill\s+(?:review|confirm|revert)\b|\bwe'll\s+(?:review|confirm|revert)\b",
    r"\blo\s+revisamos\b|\brevisaremos\b|\bles\s+confirmamos\b",
    r"\bje\s+(?:le\s+)?relis\b|\bnous\s+(?:le\s+)?relisons\b",
    r"確認の上|改めて(?:ご連絡|連絡)|検討(?:します|いたします|中)|社内で確認",
)
INSTRUCTION = _alternation(
    r"\breply\s+accept\b.{0,60}\bcomments\b",
    r"\b(?:reply|respond|answer)\b.{0,30}\baccept\b.{0,30}\bto\s+accept\b",
)


def read_review(text: str) -> ReviewReading:
    """Accepted / changes requested / none from the new (unquoted) text of a reply."""
    folded = fold(_relevant_text(text))
    if changes := find_phrases(CHANGES, folded):
        return ReviewReading(ReviewDecision.CHANGES_REQUESTED, changes)
    accepted = find_phrases(ACCEPT, folded)
    waiting = find_phrases(WAITING, folded)
    if not accepted:
        holding = waiting + find_phrases(TENTATIVE, folded)
        return ReviewReading(ReviewDecision.NONE, (), tuple(dict.fromkeys(holding)))
    hedges = (
        waiting + find_phrases(TENTATIVE, folded) + find_phrases(CONDITION, mask(folded, POLITE))
    )
    if hedges:
        return ReviewReading(ReviewDecision.NONE, accepted, tuple(dict.fromkeys(hedges)))
    return ReviewReading(ReviewDecision.ACCEPTED, accepted)


def _relevant_text(text: str) -> str:
    """Drop quoted lines and our own instruction line."""
    text = (text or "").replace("\r\n", "\n")
    instruction = INSTRUCTION.for_text(text)  # None: no line can be an instruction
    return "\n".join(
        line
        for line in text.split("\n")
        if not line.lstrip().startswith(">")
        and (instruction is None or not instruction.search(line))
    )


def _listed(phrases: tuple[str, ...]) -> str:
    return ", ".join(f"'{phrase}'" for phrase in phrases)

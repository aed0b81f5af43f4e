"""Reading an approve/reject decision out of the new text of a reply.

An approval moves money and work, so the reader is built to say "needs review" whenever
a human would hesitate. The rules, in the order they apply:

1. Lines that are our own instruction text ("reply APPROVE or REJECT") and quoted
   lines are ignored; nothing left means "empty reply".
2. Negated approvals ("I cannot approve this", "not approved", "don't go ahead",
   "nicht einverstanden", "pas d'accord", "不同意") are rejections, never approvals;
   one that waits for something ("can't approve until QA signs") needs review. A
   negated rejection ("not rejected") is ambiguous. (`mailroom.reply_reading` acts on a
   rejection only when the reply says reject or declined in so many words.)
3. Approval and rejection signals together: needs review. A reply that opens with the
   rejection as a sentence of its own ("REJECT - not yet agreed with QA", "REJECT / We
   only agreed to Day 14") is a rejection whatever its reason says.
4. Tentative language ("in principle", "pending internal approval", "subject to", "let me
   check", "we'll come back", "should be fine", "not yet", …) means needs review,
   whatever else is said.
5. An approval with a condition ("if", "once", "but", "unless", …) or a question: needs
   review. Polite formulas ("let me know if you need anything") are not conditions.
6. Otherwise: approval signals approve; rejection signals reject (with the sender's
   reason when given); nothing recognised needs review.

Phrases in English, German, French, Spanish, Italian, Dutch, Polish, Swedish, Japanese,
Chinese and Korean are tables
below (`phrases.PhraseTable`: each search runs only the patterns whose words occur in the
text). Single-word typos of the key words
("aproved", "apporved", "rejectd", "procede") are corrected by edit distance 1, looked up
in a table of every key word's one-edit neighbourhood and remembered per word.
The module passes 400 lines only because the phrase tables are data kept next to the
rules that use them; the logic itself is about 130 lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from classifier.phrases import PhraseTable, find_and_mask, find_phrases, mask


class ReplyDecision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class ReplyReading:
    """What a reply decided, why (reject reason or review cause), and the deciding phrases."""

    decision: ReplyDecision
    reason: str = ""
    matched: tuple[str, ...] = ()


def _alternation(*patterns: str) -> PhraseTable:
    return PhraseTable(patterns, re.IGNORECASE)


_NEGATOR = (
    r"(?:not|never|cannot|can't|can not|won't|will not|don't|do not|didn't|did not|"
    r"doesn't|does not|isn't|is not|aren't|are not|wasn't|unable to|refuse to|no longer|"
    r"shouldn't|should not|mustn't|must not|"
    # typed on a phone, without the apostrophe
    r"dont|cant|wont|didnt|doesnt|isnt|arent|shouldnt)"
)
_APPROVAL_WORD = (
    r"(?:app?rove[sd]?|app?roving|agree[sd]?|confirm(?:ed|s)?|proceed|go ahead|accept(?:ed|s)?|"
    r"ok|okay|sign off)"
)
NEGATED_APPROVAL = _alternation(
    rf"\b{_NEGATOR}\s+(?:\w+\s+){{0,2}}?{_APPROVAL_WORD}\b",
    r"\b(?:no|not an?)\s+(?:approval|go)\b",
    r"\bdisagree[sd]?\b",
    r"\bnicht\s+(?:\w+\s+){0,2}?(?:genehmigt|einverstanden|freigegeben|zustimmen|akzeptiert)\b",
    r"\b(?:genehmigen|freigeben|zustimmen|akzeptieren)\s+(?:\w+\s+){0,2}?nicht\b",
    r"\bkeine?\s+(?:freigabe|zustimmung|genehmigung)\b",
    r"\bpas\s+(?:\w+\s+){0,1}?(?:d'accord|approuvé\w*|validé\w*|accepté\w*)",
    r"\bnon\s+(?:approuvé\w*|validé\w*)",
    r"\b(?:ne|n')\s*(?:approuv\w*|valid\w*|accept\w*|pouvons|peux|peut)\s+(?:\w+\s+){0,1}?pas\b",
    r"\bno\s+(?:\w+\s+){0,2}?(?:aprobad[oa]s?|de\s+acuerdo|aprobamos|aceptamos|aprovad[oa])\b",
    r"\bnon\s+(?:\w+\s+){0,2}?(?:approvat[oaie]|d'accordo|approviamo|accettiamo)\b",
    r"\bniet\s+(?:\w+\s+){0,2}?(?:akkoord|goedgekeurd)\b",
    r"\bnão\s+(?:\w+\s+){0,2}?(?:aprov\w*|concord\w*|aceit\w*|autoriz\w*)",
    # Japanese and Chinese: "cannot approve", "do not agree"
    r"承認(?:しません|できません|いたしかねます|しかねます|不可)",
    r"不(?:同意|批准)",
    # Polish, Swedish, Korean
    r"\bnie\s+(?:zatwierdzam|akceptuj\w*|wyrażam\s+zgody|zgadzam\s+się)",
    r"\binte\s+(?:godkän\w*|ok)\b",
    r"(?:승인|동의)(?:하지\s?않|할\s?수\s?없)",
)
NEGATED_REJECTION = _alternation(
    rf"\b{_NEGATOR}\s+(?:\w+\s+){{0,2}}?(?:reject(?:ed|ing|s)?|declin(?:e|ed|ing))\b",
    r"\bnicht\s+abgelehnt\b",
    r"\bpas\s+(?:refusé|rejeté)\w*",
)
APPROVAL = _alternation(
    r"(?<!please )(?<!to )(?<!will )(?<!would )(?<!could )(?<!can )(?<!may )\bapprove\b",
    r"\bapproved\b",
    r"\bi\s+approve\b",
    r"\bapproval\s+(?:is\s+)?(?:granted|given)\b",
    r"\b(?:you\s+have\s+)?(?:my|our)\s+(?:full\s+)?approval\b(?!\s+(?:is\s+)?pending)",
    r"\bagreed\b",
    r"\b(?:i|we)\s+(?:fully\s+)?agree\b",
    r"\bconfirmed\b",
    r"\b(?:i|we)\s+(?:hereby\s+)?confirm\b",
    r"\baccepted\b",
    r"\b(?:i|we)\s+accept\b",
    r"\bplease\s+proceed\b",
    r"\b(?:ok|okay|fine|good|clear|cleared|free)\s+to\s+proceed\b",
    r"\b(?:you|we)\s+(?:can|may)\s+proceed\b",
    r"^\W*proceed\b",
    r"\bgo(?:\s|-)ahead\b",
    r"\bpo\s+(?:to\s+follow|will\s+follow|follows)\b",
    r"\bno\s+objections?\b",
    r"\blgtm\b",
    r"\b(?:yes|yep|yup|yeah)\b",
    r"^\W*(?:ok|okay|sure)\W*$",
    r"\bgenehmigt\b",
    r"\beinverstanden\b",
    r"\bfreigegeben\b",
    r"\bzugestimmt\b",
    r"\b(?:ich|wir)\s+stimmen?\s+zu\b",
    r"\bbitte\s+fortfahren\b",
    r"^\W*ja\W*$",
    r"\bapprouvée?s?\b",
    r"\bd'accord\b",
    r"\bvalidée?s?\b",
    r"\bbon\s+pour\s+accord\b",
    r"\b(?:je|nous)\s+(?:confirmons|confirme|validons|valide|approuvons|approuve)\b",
    r"\bacceptée?s?\b",
    r"^\W*oui\W*$",
    r"\bvous\s+pouvez\s+(?:procéder|continuer|y aller)\b",
    # Spanish, Portuguese, Italian, Dutch
    r"\baprobad[oa]s?\b",
    r"\bde\s+acuerdo\b",
    r"\b(?:pueden|puede|podéis|podem|pode)\s+(?:proceder|continuar|seguir|prosseguir)\b",
    r"^\W*(?:adelante|sí)\W*$",
    r"\baprovad[oa]s?\b",
    r"\bapprovat[oaie]\b",
    r"\bd'accordo\b",
    r"\b(?:potete|può|puoi)\s+procedere\b",
    r"\bgoedgekeurd\b",
    r"\bakkoord\b",
    r"\bga\s+(?:je|jullie)\s+gang\b",
    r"\badelante\b",
    r"\bproced(?:ete|an)\b",
    r"^\W*(?:va\s+bene|ok\s+per\s+me|per\s+me\s+va\s+bene)\b",
    r"^\W*passt(?:\s+so)?\b",
    r"\bbitte\s+weiter\s+wie\s+besprochen\b",
    # Polish, Swedish, Danish/Norwegian, Finnish, Korean
    r"\bzatwierdz(?:am|amy|on[aey]?|ony)\b",
    r"\bakceptuj(?:ę|emy)\b",
    r"\bwyrażam(?:y)?\s+zgodę\b",
    r"^\W*zgoda\W*$",
    r"\bgodkän(?:t|d|da|ner|ns)\b",
    r"\bgodkjent\b",
    r"\bgodkendt\b",
    r"\bhyväksy(?:tty|n|mme)\b",
    r"(?<!미)(?:승인|동의)(?:합니다|함|드립니다|해요)",
    r"진행(?:해\s?주세요|하셔도|하십시오)",
    # Japanese and Chinese
    r"承認(?:します|いたします|致します|しました|済み)",
    r"了承(?:します|しました|いたしました)",
    r"(?<!不)(?:同意|批准)",
    "\U0001f44d",
    "\u2705",
    "\u2714",
    "\U0001f44c",
)
REJECTION = _alternation(
    r"\breject(?:ed|s|ing)?\b",
    r"\bi\s+reject\b",
    r"\bdeclined?\b",
    r"\bwe\s+decline\b",
    r"\bdenied\b",
    r"\bdisapprove[sd]?\b",
    r"\bunapproved\b",
    r"\bnot\s+approved\b",
    r"\b(?:do\s+not|don't|please\s+do\s+not)\s+(?:proceed|go\s+ahead|start|continue)\b",
    r"(?:^|[.!?]\s+|\n)\W*(?:no|nope)\b(?!\s+(?:problem|objections?|worries|issues?|concerns?|"
    r"further|comments?|changes?|need|doubt|rush|estamos|estoy|podemos|aprobamos|aceptamos))",
    r"\babgelehnt\b",
    r"\blehnen\s+(?:\w+\s+){0,2}?ab\b",
    r"^\W*nein\b",
    r"\brefusée?s?\b",
    r"\brejetée?s?\b",
    r"^\W*non\W*$",
    r"\bnous\s+refusons\b",
    r"\bje\s+refuse\b",
    r"\brechazad[oa]s?\b",
    r"\brechazamos\b",
    r"\brejeitad[oa]s?\b",
    r"\brespint[oaie]\b",
    r"\brespingiamo\b",
    r"\brifiut(?:iamo|o|at[oaie])\b",
    r"\bafgewezen\b",
    r"\bafgekeurd\b",
    r"^\W*ablehnen\b",
    r"\bodrzuc(?:am|amy|on[aey]?|ony)\b",
    r"\bavslå(?:s|r|tt)?\b",
    r"\bavvisa(?:s|r|t)?\b",
    r"\bhylät(?:ty|ään)\b|\bhylkään\b",
    r"거절|반려|거부",
    r"却下",
    r"拒绝",
    r"否認",
    "\U0001f44e",
    "\u274c",
)
# A reply that opens with the rejection itself: what follows is its reason.
LEADING_REJECTION = re.compile(
    r"^\W*(?:i\s+)?(?:reject(?:ed)?|declined?|denied|not\s+approved|abgelehnt|ablehnen"
    r"|refus[ée]e?|rejet[ée]e?|rechazad[oa]|respint[oa]|afgewezen|afgekeurd|odrzucam"
    r"|avslås|nie\s+zatwierdzam)\b(?!\s*\?)"
)
# ... and is a sentence of its own ("REJECT" on its line, "Rejected - the timeline …"): the
# approval words after it are the reason's ("we only agreed to Day 14").
STANDALONE_REJECTION = re.compile(LEADING_REJECTION.pattern + r"\s*(?:$|[\n.,;:!(\-–—])")
TENTATIVE = _alternation(
    r"\bin\s+principle\b",
    r"\bpending\b",
    r"\bsubject\s+to\b",
    r"\blet\s+me\s+check\b",
    r"\b(?:i|we)(?:'ll|\s+will|\s+need\s+to|\s+have\s+to|\s+must)\s+(?:double[-\s])?check\b",
    r"\bcheck\s+(?:with|internally)\b",
    r"\bcome\s+back\s+to\s+you\b",
    r"\b(?:we|i)(?:'ll|\s+will)\s+(?:come|get)\s+back\b",
    r"\bget\s+back\s+to\s+you\b",
    r"\bshould\s+be\s+(?:fine|ok|okay|good|alright)\b",
    r"\bnot\s+yet\b",
    r"\byet\b",
    r"\byet\s+to\b",
    r"\btentative(?:ly)?\b",
    r"\bprovisional(?:ly)?\b",
    r"\bpreliminary\b",
    r"\bconditional(?:ly)?\b",
    r"\bprobably\b",
    r"\bmaybe\b",
    r"\bperhaps\b",
    r"\bhopefully\b",
    r"\bi\s+think\b",
    r"\bi\s+believe\b",
    r"\blikely\b",
    r"\binternal\s+(?:approval|review|sign[-\s]?off)\b",
    r"\bon\s+hold\b",
    r"\bawaiting\b",
    r"\bwaiting\s+for\b",
    r"\bto\s+be\s+confirmed\b",
    r"\btbc\b",
    r"\b(?:will|would|may|might|could)\s+approve\b",
    r"\bim\s+prinzip\b",
    r"\bgrundsätzlich\b",
    r"\bvorbehaltlich\b",
    r"\bunter\s+vorbehalt\b",
    r"\bvorläufig\b",
    r"\bnoch\s+nicht\b",
    r"\b(?:ich|wir)\s+(?:prüfen|prüfe|melden|melde)\b",
    r"\ben\s+principe\b",
    r"\bsous\s+réserve\b",
    r"\bprovisoirement\b",
    r"\bpas\s+encore\b",
    r"\bà\s+confirmer\b",
    r"\b(?:je|nous)\s+(?:reviens|reviendrons|revenons|vérifie|vérifions)\b",
    r"\ben\s+principio\b",
    r"\bpendiente\b",
    r"\bem\s+princípio\b",
    r"\bin\s+(?:linea\s+di\s+)?principio\b",
    r"\bin\s+attesa\b",
    r"\bin\s+principe\b",
    r"\bonder\s+voorbehoud\b",
    # an eye-roll or a facepalm says the words are not meant
    "\U0001f644|\U0001f612|\U0001f926|\U0001f937",
    r"原则上|原則として|基本的に(?:は)?|暂时|暫定|待定|内部(?:审批|審批|承認|確認)|確認(?:します|中)"
    r"|検討(?:します|中)|再确认|稍后|원칙적으로|검토\s?중|확인\s?후",
)
CONDITION = _alternation(
    r"\bif\b",
    r"\bonce\b",
    r"\bbut\b",
    r"\bhowever\b",
    r"\bunless\b",
    r"\bprovided\b",
    r"\bas\s+long\s+as\b",
    r"\bassuming\b",
    r"\bexcept\b",
    r"\bonly\s+after\b",
    r"\bwenn\b",
    r"\bfalls\b",
    r"\bsobald\b",
    r"\baber\b",
    r"\bjedoch\b",
    r"\bsofern\b",
    r"\bsi\b",
    r"\bdès\s+que\b",
    r"\bmais\b",
    r"\bcependant\b",
    r"\bà\s+condition\b",
    r"\bpero\b",
    r"\bsiempre\s+que\b",
    r"\bcondición\b",
    r"\bpurché\b",
    r"\bperò\b",
    r"\bmaar\b",
    r"\bmits\b",
    r"\bma\s+(?=[^\W\d])",  # Italian "but"; not "Cambridge, MA 02142"
    r"\bsolo\s+se\b",
    r"\ba\s+condizione\b",
    r"\balleen\s+als\b",
    r"\bop\s+voorwaarde\b",
    r"\bindien\b",
    r"\bpod\s+warunkiem\b",
    r"\bförutsatt\s+att\b|\bunder\s+förutsättning\b",
    r"\bdesde\s+que\b|\bcom\s+a\s+condição\b",
    # approved on other terms: "approved at EUR 10,000 … please send a revised CR"
    r"\bapproved?\s+(?:at|for|up\s+to)\s+(?:a\s+)?(?:max(?:imum)?\s+(?:of\s+)?)?"
    r"(?:[$€£]|usd|eur|gbp|chf)\s?\d",
    r"\b(?:send|issue|reissue|re-issue)\s+(?:us\s+)?a\s+revised\b",
    r"ただし|但し|場合|条件",
    r"但是|如果|条件",
    r"\?",
)
UNTIL = _alternation(
    r"\buntil\b", r"\bbefore\b", r"\bbis\b", r"\bavant\b", r"\bhasta\b", r"\bfinché\b",
    r"\bprima\s+(?:di|che)\b", r"\btotdat\b", r"\bvoordat\b", r"まで", r"之前",
)
POLITE = _alternation(
    r"(?:please\s+)?let\s+(?:me|us)\s+know\s+if\b[^.!?\n]*[.!?]?",
    r"if\s+you\s+(?:have|need)\s+(?:any|anything)[^.!?\n]*[.!?]?",
    r"(?:do\s+not|don't)\s+hesitate[^.!?\n]*[.!?]?",
    r"how\s+are\s+you\s*\?",
    r"hope\s+you\s+are\s+well[^.!?\n]*[.!?]?",
)
INSTRUCTION = _alternation(
    r"\b(?:reply|respond|answer|write)\b.{0,60}\b(?:approve|reject)\b",
    r"\bapprove\b\s*(?:or|/|\|)\s*\breject\b",
    r"\b(?:antworten|antwort)\b.{0,60}\b(?:approve|reject|genehmigen|ablehnen)\b",
    r"\b(?:répondez|répondre|repondez)\b.{0,60}\b(?:approve|reject|approuver|refuser)\b",
)
_CONNECTOR = re.compile(
    r"^[\s\-–—:;,.!]*(?:because|as|since|reason\s*:|due\s+to\s+the\s+fact\s+that)?[\s\-–—:;,]*",
    re.IGNORECASE,
)
_TYPO_TARGETS = (
    "approved",
    "approve",
    "agreed",
    "confirmed",
    "proceed",
    "rejected",
    "reject",
    "declined",
    "genehmigt",
    "abgelehnt",
    "einverstanden",
)
# Real words one edit away from a target: never "corrected" ("approver" is not "approved").
_KNOWN_FORMS = frozenset(
    [
        "approves",
        "approval",
        "approver",
        "agree",
        "agrees",
        "confirm",
        "confirms",
        "rejects",
        "decline",
        "declines",
        "proceeds",
        "proceeded",
        "approach",
        "approached",
        "approuve",
        "approuvé",
        "approuver",
        "confirme",
        "confirmé",
        "agréé",
    ]
)
_REJECT_LEADS = frozenset(
    (
        "rejected",
        "reject",
        "i reject",
        "we reject",
        "declined",
        "we decline",
        "no",
        "nope",
        "abgelehnt",
        "nein",
        "refusé",
        "rejeté",
        "non",
        "denied",
        "not approved",
        "no go",
        "rechazado",
        "rechazada",
        "rechazamos",
        "rejeitado",
        "respinto",
        "respinta",
        "afgewezen",
        "afgekeurd",
        "odrzucam",
        "odrzucone",
        "nie zatwierdzam",
        "avslås",
        "avvisas",
    )
)
_WORD = re.compile(r"[^\W\d_]{5,}", re.UNICODE)
_BLANKS = re.compile(r"[ \t]{2,}|\t")  # what `[ \t]+` → " " changes: runs and tabs


def read_decision(reply_text: str) -> ReplyReading:
    """Decide approve / reject / needs_review from the new (unquoted) text of a reply."""
    text = _relevant_text(reply_text)
    if not text.strip():
        return ReplyReading(ReplyDecision.NEEDS_REVIEW, "empty reply")
    folded = fold(text)
    negated, without_negated = find_and_mask(NEGATED_APPROVAL, folded)
    double_negated = find_phrases(NEGATED_REJECTION, folded)
    rest = mask(without_negated, NEGATED_REJECTION)
    approvals = find_phrases(APPROVAL, rest)
    rejections = negated + find_phrases(REJECTION, rest)
    leading = rejections and not double_negated and LEADING_REJECTION.match(folded)
    if approvals and rejections and not (leading and STANDALONE_REJECTION.match(folded)):
        # "Reject the old timeline, approve the new one" answers two things at once.
        return _review("both approval and rejection", approvals + rejections)
    if leading:
        # "REJECT - not yet agreed with QA": the reason may hedge, the decision does not.
        return ReplyReading(ReplyDecision.REJECT, _reject_reason(text, rejections), rejections)
    tentative = find_phrases(TENTATIVE, folded) + double_negated
    if tentative:
        return _review("tentative", tentative)
    if negated and not find_phrases(REJECTION, folded):
        # "I cannot approve this" / "Nicht genehmigt" / "不同意" refuses; with a condition or
        # a "until" ("can't approve until QA signs") it waits for something instead.
        waiting = find_phrases(CONDITION, mask(rest, POLITE)) + find_phrases(UNTIL, folded)
        if waiting:
            return _review("negated approval with a condition", negated + waiting)
        return ReplyReading(ReplyDecision.REJECT, _reject_reason(text, negated), negated)
    if approvals:
        conditions = find_phrases(CONDITION, mask(rest, POLITE))
        if conditions:
            return _review("conditional", approvals + conditions)
        return ReplyReading(ReplyDecision.APPROVE, "", approvals)
    if rejections:
        return ReplyReading(ReplyDecision.REJECT, _reject_reason(text, rejections), rejections)
    if "?" in rest:
        return _review("question without a decision", ("?",))
    return ReplyReading(ReplyDecision.NEEDS_REVIEW, "no decision phrase found")


def _review(cause: str, phrases: tuple[str, ...]) -> ReplyReading:
    unique = tuple(dict.fromkeys(phrases))
    listed = ", ".join(f"'{phrase}'" for phrase in unique)
    return ReplyReading(ReplyDecision.NEEDS_REVIEW, f"{cause}: {listed}", unique)


def _relevant_text(reply_text: str) -> str:
    """Drop quoted lines and lines of our own instruction text."""
    text = (reply_text or "").replace("\r\n", "\n")
    instruction = INSTRUCTION.for_text(text)  # None: no line can be an instruction
    return "\n".join(
        line
        for line in text.split("\n")
        if not line.lstrip().startswith(">")
        and (instruction is None or not instruction.search(line))
    )


def fold(text: str) -> str:
    """Lower-case, unify apostrophes and spacing, correct one-letter typos of key words."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00a0", " ")
    text = text.lower()
    if "\t" in text or "  " in text:  # all `_BLANKS` changes; most replies have none
        text = _BLANKS.sub(" ", text)
    typos = {word: fixed for word in _words(text) if (fixed := _correct(word)) != word}
    if not typos:
        return text
    return _WORD.sub(lambda match: typos.get(match.group(0), match.group(0)), text)


def _words(text: str) -> set[str]:
    """`set(_WORD.findall(text))`, found in the distinct whitespace-separated tokens.

    A whitespace character is never a letter, so no `_WORD` match spans two tokens; a
    reply repeats most of its tokens, and a token of letters only is one match as it is.
    One regex pass over 9 KB cost ~0.7 ms, this ~0.2 ms.
    """
    words: set[str] = set()
    for token in set(text.split()):
        if len(token) < 5:
            continue
        if token.isalpha():
            words.add(token)
        else:
            words.update(_WORD.findall(token))
    return words


@lru_cache(maxsize=16384)
def _correct(word: str) -> str:
    """The first typo target within one edit of `word` (optimal string alignment), or `word`."""
    if word in _TYPO_TARGETS or word in _KNOWN_FORMS:
        return word
    found = [
        _NEAR_AS_IS.get(word, len(_TYPO_TARGETS)),
        *(_NEAR_SUBSTITUTED.get(key, len(_TYPO_TARGETS)) for key in _substitutions(word)),
        *(_NEAR_TARGET.get(key, len(_TYPO_TARGETS)) for key in _deletions(word)),
    ]
    first = min(found)
    return _TYPO_TARGETS[first] if first < len(_TYPO_TARGETS) else word


# One-edit neighbourhood of the typo targets, by the key a word is looked up with; values
# are target positions (the first target wins, as in the order of `_TYPO_TARGETS`).
# - as is: the target itself, the target less one letter, the target with two adjacent
#   letters swapped (the word *is* one of these);
# - substituted: the target with one letter replaced by a wildcard (the word with the same
#   letter replaced gives the same key: they differ in that letter only);
# - target: the word less one letter is the target (the word has one letter too many).
_WILDCARD = "\0"  # never in a word: `_WORD` matches letters only


def _substitutions(word: str) -> Iterator[str]:
    return (word[:i] + _WILDCARD + word[i + 1 :] for i in range(len(word)))


def _deletions(word: str) -> Iterator[str]:
    return (word[:i] + word[i + 1 :] for i in range(len(word)))


def _swaps(word: str) -> Iterator[str]:
    return (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))


def _first_positions(keys: Iterable[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, position in keys:
        out[key] = min(position, out.get(key, position))
    return out


_NEAR_AS_IS = _first_positions(
    (key, i)
    for i, target in enumerate(_TYPO_TARGETS)
    for key in (target, *_deletions(target), *_swaps(target))
)
_NEAR_SUBSTITUTED = _first_positions(
    (key, i) for i, target in enumerate(_TYPO_TARGETS) for key in _substitutions(target)
)
_NEAR_TARGET = {target: i for i, target in reversed(list(enumerate(_TYPO_TARGETS)))}


def _reject_reason(text: str, rejections: tuple[str, ...]) -> str:
    """The sender's reason: the deciding paragraph without a leading reject word."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    for position, paragraph in enumerate(paragraphs):
        folded = fold(paragraph)
        if not any(phrase in folded for phrase in rejections):
            continue
        reason = _strip_leading_rejection(paragraph)
        if reason:
            return reason
        following = paragraphs[position + 1 : position + 2]
        if following and len(following[0].split()) >= 4:
            return " ".join(following[0].split())
        return ""
    return ""


def _strip_leading_rejection(paragraph: str) -> str:
    """ "Rejected - the cost is too high." -> "the cost is too high."; else the paragraph."""
    words = paragraph.split()
    for count in (2, 1):
        lead = fold(" ".join(words[:count])).strip(" .,;:!-–—")
        if lead in _REJECT_LEADS:
            return _CONNECTOR.sub("", " ".join(words[count:]), count=1)
    return " ".join(words)

"""Line markers of quoted history: quote prefixes, "On … wrote:" headers, header blocks.

Mail clients announce quoted history in a handful of shapes, in the reader's language:

- an attribution line, "On <date>, X wrote:" / "Am … schrieb …:" / "Le … a écrit :",
  often wrapped over two to six lines by the client's line length;
- a date-led attribution without a verb, "2016-03-03 17:21 GMT+01:00 X <x@y>:";
- a separator, "-----Original Message-----" and its translations, or a forward marker;
- a header block, "From: / Sent: / To: / Subject:" in the reader's language (Outlook).

Every pattern here is bounded (no unbounded `.*` between two alternatives) and runs on
at most a few hundred characters, so a pathological line cannot make matching slow.
"""

from __future__ import annotations

import re
import unicodedata

MAX_HEADER_LINES = 6  # an attribution wrapped by the client spans at most this many lines
MAX_HEADER_CHARS = 400
MAX_HEADER_SPAN = 9  # lines scanned for one attribution, blank lines included

# ">", Supercite "Bob>", KMail's "»", and a single "|" bar (a table row has more bars).
_QUOTE_PREFIX = re.compile(r"^\s*(>|»|[A-Za-z]{1,12}>(?=\s|$)|\|(?=\s|$)(?!.*\|))")

# Verbs that end an attribution line, many languages. Order does not matter.
_VERBS = (
    r"wrote|writes|said|schrieb|a\s+écrit|a\s+ecrit|escribió|escribio|escreveu|schreef"
    r"|geschreven|ha\s+scritto|skrev|pisze|napisał\(a\)|napisał\(a\)|napisał|napisała|napisal|написал\(а\)"
    r"|написала|написал|пише|писал|写道|寫道|kirjoitti|yazdı|napsal\(a\)|napsal|írta"
    r"|έγραψε|a\s+scris|rašė|rakstīja|kirjutas"
)
_VERB_END = re.compile(rf"(?:{_VERBS})\s*(?:[:：]\s*-*|-{{2,}})\s*$", re.IGNORECASE)
_ON_VERB_END = re.compile(
    rf"^[-\s]*(?:on|am|le|el|em|op|il)\b.{{0,300}}(?:{_VERBS})\s*-*\s*$", re.IGNORECASE
)
_LEAD_VERB_COLON = re.compile(
    rf"^[-\s]*(?:on|am|le|el|em|op|il|den)\b.{{0,200}}\b(?:{_VERBS})\b.{{0,200}}[:：]\s*$",
    re.IGNORECASE,
)
# Thunderbird in Finnish, Czech, Hungarian: "Laura Mäkinen kirjoitti 14.3.2025 klo 9.41:"
_NAME_VERB_DATE = re.compile(rf"^[^:：]{{1,80}}?\b(?:{_VERBS})\s+\d[^:：]{{0,60}}[:：]\s*$", re.I)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_DATE_LEAD = re.compile(
    r"^[-\s]*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b"
)
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_ENDS_CLAUSE = re.compile(r"[.!?:]\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_LEAD_WORD = re.compile(
    r"^[-\s]*(?:on|am|le|el|em|op|il|den|dnia|w\s+dniu|at|в|在|el\s+día)\s", re.IGNORECASE
)

_SEPARATOR_WORDS = (
    r"original\s+message|ursprüngliche\s+nachricht|originalnachricht|message\s+d'origine"
    r"|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht"
    r"|originalmeddelande|opprinnelig\s+melding|oprindelig\s+meddelelse"
    r"|alkuperäinen\s+viesti|wiadomość\s+oryginalna|mensagem\s+original"
    r"|исходное\s+сообщение|původní\s+zpráva|eredeti\s+üzenet|original\s+mail"
    r"|pôvodná\s+správa|mesaj\s+original|orijinal\s+ileti|özgün\s+ileti|αρχικό\s+μήνυμα"
    r"|הודעה\s+מקורית|الرسالة\s+الأصلية|ข้อความต้นฉบับ|thư\s+gốc|pesan\s+asli"
    r"|मूल\s+संदेश|оригінальне\s+повідомлення|вихідне\s+повідомлення|opprinnelig\s+e-?post"
)
_SEPARATOR = re.compile(
    rf"^[\s*_]*[-_=]{{2,}}\s*(?:{_SEPARATOR_WORDS})\s*[-_=]{{2,}}[\s*_]*$", re.IGNORECASE
)
_FORWARD_WORDS = (
    r"forwarded\s+message|weitergeleitete\s+nachricht|message\s+transféré"
    r"|message\s+transfere|mensaje\s+reenviado|messaggio\s+inoltrato"
    r"|doorgestuurd\s+bericht|vidarebefordrat\s+meddelande|videresendt\s+melding"
    r"|пересылаемое\s+сообщение|mensagem\s+encaminhada|forwarded\s+e-?mail"
    r"|προωθημένο\s+μήνυμα|přeposlaná\s+zpráva|preposlaná\s+správa|továbbított\s+üzenet"
    r"|mesaj\s+redirecționat|iletilen\s+ileti|הודעה\s+שהועברה|الرسالة\s+المُعاد\s+توجيهها"
    r"|thư\s+được\s+chuyển\s+tiếp|pesan\s+terusan|välitetty\s+viesti|videresendt\s+besked"
    r"|переслане\s+повідомлення"
)
_FORWARD = re.compile(
    rf"^[\s*_]*(?:[-_=]{{2,}}\s*(?:{_FORWARD_WORDS})\s*[-_=]{{2,}}"
    r"|(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht"
    r"|début\s+du\s+message\s+réexpédié|inicio\s+del\s+mensaje\s+reenviado"
    r"|inizio\s+messaggio\s+inoltrato|välitetty\s+viesti\s+alkaa|videresendt\s+besked"
    r"|начало\s+переадресованного\s+сообщения)\s*:)[\s*_]*$",
    re.IGNORECASE,
)
_REPLY_ABOVE = re.compile(
    r"^\W{0,10}(?:please\s+)?(?:type|write|reply|respond)\s+(?:your\s+)?(?:reply\s+|response\s+)?"
    r"above\s+this\s+line|^\W{0,10}(?:bitte\s+)?(?:antworten|schreiben)\s+sie\s+"
    r"(?:oberhalb|über)\s+dieser\s+zeile",
    re.IGNORECASE,
)
# The warning a mail gateway puts above an outside sender's text; the sender never wrote it.
_EXTERNAL_BANNER = re.compile(
    r"^\W{0,4}(?:(?:caution|warning|attention|notice|external|achtung|vorsicht|avertissement"
    r"|precaución|atención|attenzione)\W{0,4}(?:external\W{0,4}(?:e-?mail|sender|message)?"
    r"\W{0,4})?[:!\]]?\s*)?(?:this|the)\s+(?:e-?mail|message)\s+"
    r"(?:was\s+sent\s+from\s+(?:outside|an\s+external)|originated\s+(?:from\s+)?outside"
    r"|came\s+from\s+outside|is\s+from\s+(?:an\s+)?external)"
    r"|^\W{0,4}(?:external\s+(?:e-?mail|sender|message)|\[\s*ext(?:ernal)?(?:\s+(?:sender|e-?mail"
    r"|message))?\s*\]|\*external\*"
    r"|externe\s+e-?mail|e-?mail\s+externe|correo\s+externo|email\s+esterna"
    r"|dış\s+e-?posta|ekstern\s+e-?(?:mail|post)|extern\s+e-?post|externí\s+e-?mail"
    r"|külső\s+e-?mail|e-?mail\s+extern|εξωτερικό\s+(?:e-?mail|μήνυμα)|דואר\s+חיצוני"
    r"|بريد\s+إلكتروني\s+خارجي|อีเมลภายนอก|email\s+eksternal|внешнее\s+письмо"
    r"|зовнішній\s+лист|ulkoinen\s+sähköposti)\W{0,4}"
    r"(?:$|[:!-]|\s+(?:do\s+not|don't|use\s+caution|be\s+cautious|exercise\s+caution"
    r"|(?:this|the)\s+(?:e-?mail|message)\b))"
    r"|^\W{0,4}(?:achtung|vorsicht)\W{0,4}diese\s+(?:e-?mail|nachricht)\s+(?:stammt|kommt)"
    r"\s+von\s+(?:einem\s+)?(?:außerhalb|extern)"
    r"|^\W{0,4}(?:attention|avertissement)\s*:?\s*ce\s+(?:courriel|message|mail)\s+provient"
    r"\s+(?:de\s+l'ext|d'un\s+exp[ée]diteur\s+externe)"
    # Outlook's first-contact safety tip, and Proofpoint-style "not from your organisation"
    r"|^\W{0,4}you\s+don'?t\s+often\s+get\s+e-?mail\s+from\b"
    r"|^\W{0,4}some\s+people\s+who\s+received\s+this\s+message\s+don'?t\s+often\s+get",
    re.IGNORECASE,
)
MAX_BANNER_CHARS = 600

_DELIMITER = re.compile(r"^\s*(?:[-_=*~#+]\s*){3,}$")
_SIG_DASHES = re.compile(r"^--\s*$")

# Header keys of a quoted message's header block, by role, in many languages.
_FROM_KEYS = (
    "from",
    "von",
    "de",
    "da",
    "van",
    "från",
    "fra",
    "od",
    "от",
    "від",
    "lähettäjä",
    "feladó",
    "kimden",
    "寄件者",
    "发件人",
    "發件人",
    "差出人",
    "보낸 사람",
    "보낸사람",
    "sender",
    "absender",
    "expéditeur",
    # Greek, Hebrew, Arabic, Thai, Vietnamese, Indonesian, Hindi, Romanian
    "από",
    "מאת",
    "من",
    "จาก",
    "từ",
    "dari",
    "प्रेषक",
    "de la",
)
_OTHER_KEYS = (
    "sent",
    "date",
    "gesendet",
    "datum",
    "envoyé",
    "enviado",
    "fecha",
    "data",
    "inviato",
    "verzonden",
    "skickat",
    "sendt",
    "wysłano",
    "отправлено",
    "дата",
    "lähetetty",
    "to",
    "an",
    "à",
    "a",
    "para",
    "aan",
    "till",
    "til",
    "do",
    "кому",
    "vastaanottaja",
    "cc",
    "kopie",
    "cci",
    "bcc",
    "subject",
    "betreff",
    "objet",
    "asunto",
    "oggetto",
    "onderwerp",
    "ämne",
    "emne",
    "temat",
    "тема",
    "aihe",
    "assunto",
    "reply-to",
    "risposta",
    "antwort an",
    "répondre à",
    "sent at",
    "envoyé le",
    "收件人",
    "主题",
    "件名",
    "宛先",
    "发送时间",
    "日期",
    "enviada",
    "gesendet am",
    "wysłane",
    "dw",
    "送信日時",
    "抄送",
    "收件者",
    "主旨",
    "傳送時間",
    "时间",
    "보낸 날짜",
    "받는 사람",
    "받는사람",
    "참조",
    "제목",
    "날짜",
    # Turkish, Czech, Slovak, Hungarian, Romanian, Greek, Hebrew, Arabic, Thai, Vietnamese,
    # Indonesian, Hindi, Russian, Ukrainian, Nordic
    "gönderildi",
    "kime",
    "konu",
    "bilgi",
    "tarih",
    "odesláno",
    "odoslané",
    "komu",
    "předmět",
    "predmet",
    "kópia",
    "elküldve",
    "címzett",
    "tárgy",
    "másolatot kap",
    "trimis",
    "către",
    "subiect",
    "στάλθηκε",
    "προς",
    "θέμα",
    "κοιν",
    "נשלח",
    "אל",
    "נושא",
    "עותק",
    "תאריך",
    "تاريخ الإرسال",
    "إلى",
    "الموضوع",
    "نسخة",
    "ส่ง",
    "ถึง",
    "เรื่อง",
    "đã gửi",
    "gửi",
    "đến",
    "chủ đề",
    "tiêu đề",
    "dikirim",
    "kepada",
    "perihal",
    "subjek",
    "tanggal",
    "भेजा गया",
    "प्रति",
    "विषय",
    "надіслано",
    "копия",
    "lähetetty",
    "kopio",
)
_HEADER_LINE = re.compile(
    r"^\s*\*{0,2}\s*(?P<key>"
    + "|".join(sorted((re.escape(k) for k in _FROM_KEYS + _OTHER_KEYS), key=len, reverse=True))
    + r")\s*\*{0,2}\s*[:：]\s*\*{0,2}",
    re.IGNORECASE,
)


def is_external_banner(paragraph: str) -> bool:
    """A mail gateway's "CAUTION: this email originated from outside …" warning."""
    return len(paragraph) <= MAX_BANNER_CHARS and bool(_EXTERNAL_BANNER.match(paragraph))


def is_quoted(line: str) -> bool:
    """A line of quoted history: `>` (any depth) or a Supercite prefix such as `Bob>`."""
    return bool(_QUOTE_PREFIX.match(line))


def is_separator(line: str) -> bool:
    """ "-----Original Message-----" and its translations."""
    return len(line) < 120 and bool(_SEPARATOR.match(line))


def is_forward_marker(line: str) -> bool:
    """ "---------- Forwarded message ---------" / "Begin forwarded message:" and kin."""
    return len(line) < 120 and bool(_FORWARD.match(line))


def is_reply_above_marker(line: str) -> bool:
    """ "## Please type your reply above this line ##" left by ticketing systems."""
    return len(line) < 200 and bool(_REPLY_ABOVE.match(line))


def is_delimiter(line: str) -> bool:
    """A line drawn with -, _, =, *, ~, # or + only (three or more)."""
    return len(line) < 200 and bool(_DELIMITER.match(line))


def is_signature_dashes(line: str) -> bool:
    """The conventional signature separator "-- " (also seen without the space)."""
    return bool(_SIG_DASHES.match(line))


def header_key(line: str) -> str | None:
    """The key of a header-block line ("From", "Von", "Objet", …), lower-cased."""
    if len(line) > 1000:
        return None
    if not line.isascii():  # windows-1258 decodes Vietnamese tones as combining marks
        line = unicodedata.normalize("NFC", line)
    match = _HEADER_LINE.match(line)
    return match.group("key").lower() if match else None


def header_block_end(lines: list[str], start: int) -> int | None:
    """If a quoted message's header block starts at `start`, the index after it.

    A block is consecutive header lines (one unkeyed continuation line allowed, as in a
    wrapped Subject) holding a From-like key and at least one other key; with only two
    keys, the From-like one must name a sender rather than a time.
    """
    if header_key(lines[start]) is None:
        return None
    keys: list[str] = []
    index = start
    gap = 0
    while index < len(lines) and lines[index].strip():
        key = header_key(lines[index])
        if key is None:
            gap += 1
            if gap > 1:
                break
        else:
            gap = 0
            keys.append(key)
        index += 1
    has_from = any(key in _FROM_KEYS for key in keys)
    if not has_from or len(set(keys)) < 2:
        return None
    if len(set(keys)) == 2 and not _names_a_sender(lines[start:index]):
        return None  # "From: Friday 18:00 / To: Monday 08:00" is a time window
    return index


def _names_a_sender(block: list[str]) -> bool:
    """Whether the From-like line of a two-line block names a person, not a time."""
    for line in block:
        key = header_key(line)
        if key in _FROM_KEYS:
            value = line.split(":", 1)[-1].split("：", 1)[-1].strip()
            if "@" in value:
                return True
            # "From: Halden Bio GmbH, Czernyring 22, 69115 Heidelberg": a courier's
            # shipper, not a sender; so is a time ("From: Friday 18:00").
            return not (_TIME.search(value) or _DIGIT.search(value))
    return False


def attribution_end(lines: list[str], start: int) -> int | None:
    """If an attribution ("On … wrote:") starts at `start`, the index after its last line."""
    first = lines[start].strip()
    if not first or len(first) > MAX_HEADER_CHARS:
        return None
    if is_attribution(first):
        return start + 1
    if not _can_start_attribution(first):
        return None
    parts: list[str] = []
    for index in range(start, min(len(lines), start + MAX_HEADER_SPAN)):
        piece = lines[index].strip()
        if is_quoted(piece) and parts and not _looks_like_attribution_tail(piece):
            return None
        if not piece:
            continue
        parts.append(piece.lstrip("> ") if parts else piece)
        joined = " ".join(parts)
        if len(joined) > MAX_HEADER_CHARS or len(parts) > MAX_HEADER_LINES:
            return None
        if is_attribution(joined):
            return index + 1
        if _ENDS_CLAUSE.search(piece) and not _has_email(piece):
            return None  # a finished sentence is the writer's, not a wrapped attribution
        if _SENTENCE_END.search(piece) and index + 1 < len(lines) and not lines[index + 1].strip():
            return None  # "… to billing@x.com." and a blank line: the writer's paragraph
    return None


def _can_start_attribution(line: str) -> bool:
    """Whether a line may open an attribution wrapped over several lines.

    Guards against swallowing the writer's last line ("Hi," above "On … wrote:"): the
    first line must open like an attribution and must not end a sentence.
    """
    has_email = _has_email(line)
    if _SENTENCE_END.search(line) and not has_email:
        return False
    if _LEAD_WORD.match(line) or has_email or line.endswith("<"):
        return True
    return bool(_DIGIT.match(line) and (_TIME.search(line) or _YEAR.search(line)))


def _has_email(text: str) -> bool:
    """`_EMAIL` backtracks over every word of a line; most lines have no "@" at all."""
    return "@" in text and bool(_EMAIL.search(text))


def _looks_like_attribution_tail(piece: str) -> bool:
    """A wrapped "<x@y>\n> wrote:" puts the verb on a line that starts with ">"."""
    return len(piece) < 40 and (bool(_VERB_END.search(piece)) or piece.rstrip().endswith(":"))


def is_attribution(text: str) -> bool:
    """Whether `text` (one or several joined lines) is a quote attribution."""
    if len(text) > MAX_HEADER_CHARS or (_SENTENCE_END.search(text) and not text.endswith(":")):
        return False
    # An address, a time, a year or a numeric date: "section 8.2 … your team wrote:" has
    # a number but is a sentence introducing a quotation of the writer's own.
    has_anchor = _has_email(text) or bool(
        _TIME.search(text) or _YEAR.search(text) or _NUMERIC_DATE.search(text)
    )
    if _VERB_END.search(text) and has_anchor:
        return True
    if (_ON_VERB_END.match(text) or _LEAD_VERB_COLON.match(text)) and _DIGIT.search(text):
        return True
    if _NAME_VERB_DATE.match(text) and has_anchor:
        return True
    return _is_date_led_attribution(text)


def _is_date_led_attribution(text: str) -> bool:
    """Gmail and Russian webmails: "<date> <time>, Name <x@y>:" with no verb."""
    if len(text) > 200:
        return False
    has_email = _has_email(text)
    if _DATE_LEAD.match(text) and (_TIME.search(text) or has_email):
        return has_email or "GMT" in text or text.rstrip().endswith(":")
    return has_email and bool(_TIME.search(text)) and text.rstrip().endswith(":")

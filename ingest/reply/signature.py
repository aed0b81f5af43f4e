"""Where the writer's own words end: mobile footers, signature blocks, disclaimers.

Policy, chosen for what Mailroom reads the text for (a decision and a label):

- A mobile footer ("Sent from my iPhone", "Von meinem iPhone gesendet", "Get Outlook for
  iOS") ends the text; a name line right above it goes with it.
- A bare sign-off with a name ("Thanks,\\nAlex") stays: it is part of the message and
  harmless to read. A sign-off followed by a *contact block* (phone, e-mail, web, title
  lines) is a signature and goes, sign-off included.
- A paragraph that reads like a legal disclaimer (confidential, intended recipient, …, in
  English, German, French, Spanish, Italian, Dutch or Portuguese) ends the text unless
  it is the first paragraph.
"""

from __future__ import annotations

import re
import unicodedata

_DEVICE = re.compile(
    r"iphone|ipad|ipod|android|blackberry|mobile|phone|cell|samsung|galaxy|htc|nokia|"
    r"pixel|huawei|xiaomi|outlook|mail|tablet|device|watch|windows|yahoo|gmail|airmail|"
    r"mailbox|spark|sparrow|newton|blue",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(r"^\W{0,3}sent\s+(?:from|via|with|using|by|on)\s+(?P<rest>.+)$", re.I)
_MOBILE_LINES = re.compile(
    r"^\W{0,3}(?:"
    r"envoy[ée]\s+(?:de|depuis|avec|à\s+partir\s+de)\s+(?:mon|ma|mes|un|une|l')"
    r"|enviado\s+(?:desde|de|con|a\s+partir\s+de)\s+(?:mi|un|una|o\s+meu|meu)"
    r"|inviato\s+da(?:l)?\s+(?:mio|il\s+mio|iphone|ipad|android|smartphone)"
    r"|von\s+meine[mr]?\s+\S+(?:\s+\S+){0,3}\s+gesendet"
    r"|gesendet\s+(?:von|mit|vom)\s+(?:meine[mr]?|einem|iphone|android|mobil)"
    r"|diese\s+nachricht\s+wurde\s+von\s+meinem"
    r"|(?:verzonden|verstuurd)\s+(?:met|vanaf|van|via)\s+"
    r"|enviad[oa]\s+(?:do|da|pelo)\s+(?:meu|minha|iphone|ipad|android)"
    r"|(?:sendt|skickat|skickad)\s+(?:fra|från|från\s+min|fra\s+min)\s+"
    r"|wysłane\s+z\s+(?:mojego|iphone|telefonu)"
    r"|trimis\s+de\s+pe\s+|dikirim\s+dari\s+|lähetetty\s+(?:iphonesta|ipadista|android\w*"
    r"|puhelimesta|mobiilista)|отправлено\s+(?:из|с)\s+|надіслано\s+(?:з|із)\s+"
    r"|odesláno\s+z\s+|odoslané\s+z\s+|εστάλη\s+από\s+|נשלח\s+מ|(?:أُرسلت|أرسلت|مرسل)\s+من\s+"
    r"|ส่งจาก\s?|gửi\s+từ\s+|से\s+भेजा\s+गया|iphone['’]?(?:umdan|dan)\s+gönderildi"
    # "Gesendet mit Proton Mail sichere E-Mail.", "Envoyé avec la messagerie sécurisée Proton"
    r"|(?:gesendet\s+mit|envoy[ée]\s+avec|enviado\s+con|enviado\s+com|inviato\s+con"
    r"|verzonden\s+met)\s+(?:\S+\s+){0,4}?(?:proton|tuta)"
    r"|отправлено\s+с\s+(?:моего|iphone|ipad)"
    r"|(?:從我的|从我的|发自我的|來自我的|寄自我的)"
    r"|get\s+\[?outlook\s+for\s+(?:ios|android)"
    r"|(?:via|from)\s+(?:my\s+)?(?:mobile|phone|iphone|ipad|android)\s*$"
    r"|from\s+my\s+(?:iphone|ipad|android|mobile|phone|blackberry|samsung)"
    r"|<<\s*sent\s+by\s+.+>>\s*$"
    r"|\(\s*sent\s+from\s+.+\)\s*$"
    r")",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^\W{0,3}(?:best|kind|warm|many|with)?\s*(?:regards|wishes|thanks|thank\s+you|cheers|"
    r"sincerely|yours(?:\s+sincerely|\s+truly)?|respectfully|best|all\s+the\s+best|"
    r"mit\s+freundlichen\s+grüßen|mit\s+freundlichen\s+grüssen|viele\s+grüße|beste\s+grüße|"
    r"freundliche\s+grüße|grüße|gruß|lg|mfg|cordialement|bien\s+cordialement|"
    r"bien\s+à\s+vous|salutations|merci|saludos|atentamente|cordiali\s+saluti|"
    r"met\s+vriendelijke\s+groet(?:en)?|groeten|(?:med\s+)?vänliga\s+hälsningar|hälsningar|mvh"
    r"|z\s+poważaniem|pozdrawiam|pozdrowienia|atenciosamente|cumprimentos|un\s+saludo"
    r"|saludos\s+cordiales|distinti\s+saluti|un\s+cordiale\s+saluto|saluti|cordialmente"
    r"|beste\s+grüße|liebe\s+grüße|herzliche\s+grüße|venlig\s+hilsen|med\s+vennlig\s+hilsen"
    r"|(?:um\s+)?abra[çc]os?|att\.?|saudações|obrigad[oa]|grat[oa]|(?:com\s+os\s+)?melhores"
    r"\s+cumprimentos|groetjes|(?:hartelijke|vriendelijke)\s+groet(?:en)?|groet|cordiales\s+saludos"
    r"|un\s+saludo(?:\s+cordial)?|bien\s+cordialement|belle\s+journ[ée]e|buona\s+giornata"
    r"|감사합니다|감사드립니다|よろしくお願い(?:いた)?します|以上(?:、\s*)?よろしくお願い(?:いた)?します"
    r"|谢谢|謝謝|此致|敬礼|祝好|顺祝商祺"
    # Russian, Ukrainian, Czech, Slovak, Hungarian, Romanian, Turkish, Greek, Hebrew, Arabic,
    # Thai, Vietnamese, Indonesian, Hindi, Finnish, Danish, Norwegian
    r"|с\s+уважением|с\s+наилучшими\s+пожеланиями|спасибо|з\s+повагою|дякую"
    r"|s\s+pozdravem|s\s+pozdravom|s\s+přátelským\s+pozdravem|děkuji|ďakujem|díky"
    r"|üdvözlettel|tisztelettel|köszönöm|cu\s+stim[ăa]|cu\s+respect|mulțumesc|toate\s+cele\s+bune"
    r"|saygılarımla|saygılarımızla|iyi\s+çalışmalar|teşekkürler|με\s+εκτίμηση|ευχαριστώ"
    r"|φιλικά|בברכה|תודה|مع\s+(?:خالص\s+)?(?:التحية|التحيات)|شكرا|ขอแสดงความนับถือ|ขอบคุณ"
    r"|trân\s+trọng|cảm\s+ơn|salam|hormat\s+saya|terima\s+kasih|salam\s+hormat|सादर|धन्यवाद"
    r"|terveisin|ystävällisin\s+terveisin|kiitos|(?:med\s+)?venlig(?:st)?\s+hilsen"
    r"|(?:med\s+)?vennlig\s+hilsen|hilsen)"
    r"\W{0,3}$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.|\+?\d[\d\s().-]{7,}\d|"
    r"^\s*(?:tel|phone|mobile|mob|cell|fax|direct|office|t|m|f|e|p|w)\s*[.:]",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;.!(]")
_NOT_NAME_END = re.compile(r"[.!?:;,@]$")
_DASH_NAME = re.compile(r"^-\s?[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3}\s*$")
_DISCLAIMER = re.compile(
    r"confidentiality\s+notice|^\W*(?:confidential|disclaimer|legal\s+notice|privileged)\b"
    r"|intended\s+(?:solely\s+|only\s+)?for\s+the\s+(?:use\s+of\s+the\s+)?"
    r"(?:individual|addressee|person|named\s+recipient|recipient)"
    r"|if\s+you\s+are\s+not\s+the\s+(?:intended\s+)?(?:named\s+)?(?:recipient|addressee)"
    r"|(?:this|the)\s+(?:e-?mail|message|communication|transmission)(?:\s+message)?"
    r"(?:\s+and|,)\s+(?:any\s+|all\s+)?(?:attachments?|files?|documents?)"
    r"[^.]{0,80}(?:confidential|privileged|intended)"
    r"|please\s+consider\s+the\s+environment\s+before\s+printing|think\s+before\s+you\s+print"
    r"|pensez\s+à\s+l'environnement|denk\s+aan\s+het\s+milieu|(?:denken\s+sie\s+an\s+die"
    r"\s+umwelt|umwelt\s+zuliebe)|(?:piense|pensa|pense)\s+(?:en\s+el\s+medio\s+ambiente|all'"
    r"ambiente|no\s+meio\s+ambiente)|antes\s+de\s+imprimir\s+(?:este|esta|el|o|a)\s+(?:correo|e-?mail"
    r"|mensaje|mensagem)|prima\s+di\s+stampare\s+(?:questa|la|questo|il)\s+(?:e-?mail|mail|messaggio)"
    r"|diese\s+(?:e-?mail|nachricht)[^.]{0,60}(?:vertraulich|rechtlich\s+geschützt)"
    r"|wenn\s+sie\s+nicht\s+der\s+(?:richtige|beabsichtigte|vorgesehene)\s+(?:adressat|empfänger)"
    r"|ce\s+(?:message|courriel|mail|e-mail)[^.]{0,80}(?:confidentiel|destinataire)"
    r"|avis\s+de\s+confidentialit[ée]"
    r"|si\s+vous\s+n'êtes\s+pas\s+(?:le\s+)?destinataire"
    r"|aviso\s+(?:de\s+confidencialidad|legal)|avviso\s+di\s+riservatezza"
    r"|(?:este|el\s+presente)\s+(?:mensaje|correo)[^.]{0,80}(?:confidencial|destinatario)"
    r"|si\s+(?:usted\s+)?no\s+es\s+(?:el\s+)?destinatario"
    r"|(?:questo|il\s+presente)\s+(?:messaggio|e-?mail)[^.]{0,80}(?:riservat|destinatari)"
    r"|se\s+(?:non\s+(?:siete|sei|è)|avete\s+ricevuto)\s[^.]{0,40}destinatari"
    r"|(?:dit|deze)\s+(?:bericht|e-?mail)[^.]{0,80}(?:vertrouwelijk|geadresseerde)"
    r"|(?:esta|este)\s+(?:mensagem|e-?mail)[^.]{0,80}(?:confidencia|destinatário)"
    r"|indirizzat[oiae]\s+esclusivamente|\bpoufn|konfidentiell|fortrolig"
    # "Le informazioni contenute in questa e-mail sono riservate …", in six languages
    r"|(?:informa\w+|inhalte?|content\w*)[^.]{0,30}\b(?:questa|questo|este|esta|ce|cette|this"
    r"|dieser|diese|deze|nesta|neste)\s+(?:e-?mail|messaggio|mensaje|correo|message|courriel"
    r"|nachricht|mensagem|bericht|comunica\w+)[^.]{0,80}(?:riservat|confidenc|confidenti"
    r"|vertraulich|vertrouwelijk|privileg|destinat|intended)"
    r"|nothing\s+in\s+this\s+(?:e-?mail|message)\s+(?:shall|will|should|is\s+intended\s+to)\s+"
    r"(?:constitute|be\s+(?:deemed|construed))|scanned\s+for\s+viruses|\bmimecast\b",
    re.IGNORECASE,
)
# Confidentiality footers in languages with no pattern of their own above: a word for
# "confidential" and one for the message or its addressee, in the same paragraph.
_LOCAL_CONFIDENTIAL = re.compile(
    r"конфиденциальн|конфіденційн|důvěrn|dôvern|bizalmas|confiden[țţ]ial|εμπιστευτικ|סודי"
    r"|سري|ความลับ|bảo\s+mật|rahasia|gizli|luottamuksellinen|konfidensiell|fortrolig|गोपनीय",
    re.IGNORECASE,
)
_LOCAL_MESSAGE = re.compile(
    r"сообщени|письм|повідомлен|лист|zpráv|e-?mail|správ|üzenet|címzett|mesaj|destinat"
    r"|μήνυμα|παραλήπτ|הודעה|נמען|رسالة|المرسل\s+إليه|อีเมล|ผู้รับ|thư|người\s+nhận|pesan"
    r"|penerima|e-?posta|alıcı|sähköposti|vastaanottaja|e-?post|modtager|mottaker|संदेश|प्राप्तकर्ता",
    re.IGNORECASE,
)
# A company's legal footer (register, number, registered office). Inside a paragraph of
# contact details it is part of the signature block, which goes with its sign-off.
_LEGAL_FOOTER = re.compile(
    r"registered\s+in\s+england|company\s+(?:number|no\.?|registration)\s*:?\s*\d"
    r"|registered\s+office|registergericht|amtsgericht|\bhrb\s?\d|pflichtangaben"
    r"|handelsregister|si[èe]ge\s+social",
    re.IGNORECASE,
)
# A cheap screen run before `_DISCLAIMER`, which is slow on long paragraphs (it tries a
# dozen case-insensitive alternatives at every position). Each alternative there
# contains one of these words, so ASCII text without them cannot match; for ASCII text,
# lower-casing equals the regex's case folding. Keep the two in step. Plain substring
# tests, because a regex alternation of these words was itself most of the cost.
_DISCLAIMER_WORDS = (
    "confidential",
    "confidentiel",
    "disclaimer",
    "legal",
    "privileged",
    "intended",
    "recipient",
    "addressee",
    "environment",
    "environnement",
    "milieu",
    "umwelt",
    "ambiente",
    "imprimir",
    "stampare",
    "print",
    "vertraulich",
    "rechtlich",
    "adressat",
    "destinataire",
    "confidencial",
    "confidenc",
    "destinat",
    "aviso",
    "destinatari",
    "riservat",
    "vertrouwelijk",
    "geadresseerde",
    "indirizzat",
    "poufn",
    "konfidentiell",
    "fortrolig",
    "rahasia",
    "gizli",
    "luottamuksellinen",
    "konfidensiell",
    "bizalmas",
    "registered",
    "company",
    "register",
    "amtsgericht",
    "pflichtangaben",
    "hrb",
    "siège",
    "siege",
    "constitute",
    "construed",
    "deemed",
    "viruses",
    "mimecast",
)
MAX_SIGNATURE_LINES = 14
SIGN_OFF_REACH = 3  # lines above a contact block searched for its sign-off
MAX_SIGNATURE_LINE = 160  # a company's register line runs long
_NOT_NAMES = frozenset(
    [
        "approve",
        "approved",
        "agree",
        "agreed",
        "ok",
        "okay",
        "yes",
        "no",
        "go",
        "ahead",
        "proceed",
        "confirmed",
        "confirm",
        "reject",
        "rejected",
        "declined",
        "thanks",
        "thank",
        "please",
        "hi",
        "hello",
        "dear",
        "best",
        "regards",
        "cheers",
    ]
)


def _composed(text: str) -> str:
    """NFC for matching: windows-1258 (Vietnamese) decodes its tones as combining marks."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def is_sign_off(line: str) -> bool:
    """ "Best regards," / "Mit freundlichen Grüssen / Kind regards" (two languages, one line)."""
    text = _composed(line.strip())
    if _SIGN_OFF.match(text):
        return True
    halves = re.split(r"\s+[/|]\s+", text, maxsplit=1)
    return len(halves) == 2 and all(_SIGN_OFF.match(half) for half in halves)


def is_mobile_footer(line: str) -> bool:
    """A device/app footer line. "Sent from my desk, …" (a sentence) does not count."""
    text = line.strip()
    if not text or len(text) > 160:
        return False
    sent = _SENT_FROM.match(text)
    if sent:
        first_clause = _CLAUSE_END.split(sent.group("rest"), maxsplit=1)[0]
        return len(text.split()) <= 8 or bool(_DEVICE.search(first_clause))
    return bool(_MOBILE_LINES.match(text))


def is_name_line(line: str, min_words: int = 1) -> bool:
    """A short line that reads as a person's name ("Stavros X", "//Jef", "- Ana")."""
    text = line.strip().lstrip("-—–/ ")
    words = text.split()
    if not min_words <= len(words) <= 4 or len(text) > 40 or _NOT_NAME_END.search(text):
        return False
    if any(word.lower().strip(",.!") in _NOT_NAMES for word in words):
        return False
    # Scripts without case (Korean, Chinese, Japanese) pass; cased words must be capitalised.
    return not any(word[:1].islower() for word in words if word[:1].isalpha())


def is_disclaimer(paragraph: str) -> bool:
    """Whether a paragraph is a legal or environmental footer."""
    head = paragraph[:2000]
    if head.isascii() and not _has_disclaimer_word(head.lower()):
        return False  # every disclaimer pattern contains one of these words
    if _DISCLAIMER.search(head):
        return True
    if _LOCAL_CONFIDENTIAL.search(head) and _LOCAL_MESSAGE.search(head):
        return True
    return bool(_LEGAL_FOOTER.search(head)) and not _CONTACT.search(head)


def _has_disclaimer_word(lowered: str) -> bool:
    for word in _DISCLAIMER_WORDS:  # noqa: SIM110 (a loop: any() costs a generator per call)
        if word in lowered:
            return True
    return False


def trailing_signature_start(lines: list[str]) -> int | None:
    """Index where a trailing signature block starts, if the text ends with one.

    Recognised: a final "-Name" line, and a final paragraph of short lines with contact
    details led by a full name or a sign-off (the sign-off may also stand just above).
    """
    body = [i for i, line in enumerate(lines) if line.strip()]
    if len(body) < 2:
        return None
    last = body[-1]
    if _DASH_NAME.match(lines[last].strip()):
        return last
    start = _contact_block_start(lines, body)
    if start is None:
        return _signed_block_start(lines, body)
    previous = [i for i in body if i < start]
    # The sign-off may stand a few short lines above (name, title), or above a blank line.
    for back, index in enumerate(reversed(previous[-SIGN_OFF_REACH:])):
        text = lines[index].strip()
        if is_sign_off(text):
            return index if len(previous) > back + 1 else start
        if not _is_title_line(text):
            break
    return start


def _signed_block_start(lines: list[str], body: list[int]) -> int | None:
    """A sign-off and a name, then only signature lines (the name again, a title, a
    company, a ticket footer): the block from the sign-off. A bare sign-off and name with
    nothing after them is kept, as the sender wrote it."""
    tail = body[-MAX_SIGNATURE_LINES - 2 :]
    for position, index in enumerate(tail[:-2]):
        if index == body[0] or not is_sign_off(lines[index]):
            continue
        name, *rest = (lines[i].strip() for i in tail[position + 1 :])
        if is_name_line(name) and all(_is_signature_line(text) for text in rest):
            return index
    return _repeated_name_block(lines, body)


def _repeated_name_block(lines: list[str], body: list[int]) -> int | None:
    """ "陈美\n\n陈美 | 临床药理\n科文医药": a name alone, then a block led by the same name.
    The block goes; the name, like a bare sign-off, stays."""
    last = body[-1]
    start = last
    while start - 1 in body:
        start -= 1
    above = start - 2
    if above not in body or above - 1 in body or above == body[0]:
        return None
    name = lines[above].strip()
    block = [lines[i].strip() for i in range(start, last + 1)]
    if not is_name_line(name) or not block[0].startswith(name) or len(block) > MAX_SIGNATURE_LINES:
        return None
    return start if all(_is_signature_line(text) for text in block) else None


def _is_signature_line(text: str) -> bool:
    """Not a sentence: a name, a title, a company or contact line, a footer with bars."""
    if len(text) > MAX_SIGNATURE_LINE or _POSTSCRIPT.match(text):
        return False
    if "|" in text or _CONTACT.search(text):
        return True
    return len(text.split()) <= 8 and not text.endswith(("!", "?", ":"))


_POSTSCRIPT = re.compile(r"^p\.?\s?p?\.?\s?s\.?\s*[:.-]?\s", re.IGNORECASE)


def is_postscript(line: str) -> bool:
    """ "P.S. The courier is DHL" / "PS: …" / "PPS …": a line that opens a postscript."""
    return bool(_POSTSCRIPT.match(line.strip()))


def _is_title_line(text: str) -> bool:
    """A signature's name or job-title line: short, and not a sentence."""
    return len(text.split()) <= 6 and len(text) <= 60 and not text.endswith((".", "!", "?", ":"))


def _contact_block_start(lines: list[str], body: list[int]) -> int | None:
    """Start of the last paragraph's contact block: name or sign-off, then contact lines."""
    paragraph = [body[-1]]
    while paragraph[0] - 1 in body and len(paragraph) <= MAX_SIGNATURE_LINES:
        paragraph.insert(0, paragraph[0] - 1)
    if len(paragraph) > MAX_SIGNATURE_LINES:
        return None
    for position, start in enumerate(paragraph[:-1]):
        block = [lines[i].strip() for i in paragraph[position:]]
        if start == body[0] or any(len(text) > MAX_SIGNATURE_LINE for text in block):
            continue
        if not (is_name_line(block[0], min_words=2) or is_sign_off(block[0])):
            continue
        if any(_CONTACT.search(text) for text in block[1:]):
            return start
    return None

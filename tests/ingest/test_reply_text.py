"""extract_reply: the new text of a reply, from our own client-shaped fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.reply import signature
from ingest.reply_text import extract_reply

DATA = Path(__file__).resolve().parents[1] / "data" / "replies"

FIXTURES = {
    "gmail.txt": "Approved, PO to follow.\n\nBest,\nPriya",
    "gmail.html": "Approved, PO to follow.\n\nBest,\nPriya",
    "outlook_desktop.html": (
        "Hi Sam,\n\nWe cannot approve this change: the budget for Q3 is closed."
    ),
    "outlook_web.html": "Go ahead with the repeat run.",
    "apple_mail.html": "Agreed. Please proceed.",
    "thunderbird.html": "Rejected – the extra timepoints are not needed.",
    "yahoo.html": "OK to proceed.",
    "ios_french.txt": "D'accord pour nous.",
    "outlook_german.txt": "Hallo Herr Lee,\n\neinverstanden, bitte fahren Sie fort.",
    "outlook_french.txt": "Bonjour,\n\nValidé de notre côté.\n\nCordialement,\nMarie",
    "german_gmail_wrapped.txt": "Abgelehnt, das Budget reicht nicht.",
    "inline_interleaved.txt": (
        "Hi Sam,\n\nanswers inline.\n\nYes, both are approved.\n\n"
        "No, we need it by 5 July.\n\nThanks,\nJane"
    ),
    "disclaimer.txt": "Please hold the shipment until Friday.\n\nRegards,\nTom",
}


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_client_fixture_yields_only_the_new_text(name: str) -> None:
    # Given a reply body shaped like the named mail client writes it
    body = _read(name)
    # When the reply is extracted from the part it came in
    got = extract_reply("", body) if name.endswith(".html") else extract_reply(body)
    # Then only the writer's new text remains
    assert got == FIXTURES[name]


def test_top_posted_reply_drops_on_wrote_history() -> None:
    # Given a top-posted reply above a one-line attribution and a quote
    text = "Confirmed.\n\nOn Tue, Jun 4, 2024 at 9:02 AM Sam <sam@cro.example> wrote:\n> Hi"
    # When / Then
    assert extract_reply(text) == "Confirmed."


def test_attribution_wrapped_over_several_lines_is_removed() -> None:
    # Given an attribution broken over three lines by the client (with a blank inside)
    text = (
        "Fine by us.\n\nOn Thu, 31 Mar 2024 at 11:16 Sam Lee\n\n<\n"
        "mailto:Sam Lee <sam@cro.example>\n> wrote:\n\n> old text\n"
    )
    # When / Then
    assert extract_reply(text) == "Fine by us."


def test_line_above_attribution_is_not_swallowed() -> None:
    # Given a greeting directly above a bottom-posted attribution
    text = "Hi,\nOn Tue, 2024-03-01 at 18:02 +0530, Sam wrote:\n> question?\n\nThe answer is 42."
    # When / Then
    assert extract_reply(text) == "Hi,\n\nThe answer is 42."


def test_sentence_naming_an_address_is_not_read_as_a_wrapped_attribution() -> None:
    # Given a reply whose first sentence names an address, a sign-off, then a Dutch
    # attribution two paragraphs below
    text = (
        "Akkoord, graag de factuur naar crediteuren@tulpgen.nl sturen.\n\nGroeten,\nJoost\n\n"
        "Op ma 9 nov 2026 om 16:25 schreef Priya Nair <priya@cro.example>:\n\n> Hi Joost,\n"
    )
    # When / Then the sentence is the reply, not the start of the attribution
    assert extract_reply(text) == (
        "Akkoord, graag de factuur naar crediteuren@tulpgen.nl sturen.\n\nGroeten,\nJoost"
    )


@pytest.mark.parametrize(
    "banner",
    [
        "CAUTION: This email originated from outside of the organization. Do not click "
        "links or open attachments unless you recognize the sender.",
        "[EXTERNAL]",
        "EXTERNAL EMAIL: Do not click links from unknown senders.",
        "ACHTUNG: Diese E-Mail stammt von außerhalb der Organisation.",
        "ACHTUNG: Diese E-Mail stammt von einem externen Absender.",
        "ATTENTION : ce courriel provient d'un expéditeur externe.",
        "[EXTERNAL SENDER] This message was sent from outside Example Corp.",
    ],
)
def test_gateway_warning_above_the_reply_is_not_the_senders_text(banner: str) -> None:
    # Given a mail gateway's external-sender warning above the reply
    text = f"{banner}\n\nHi Priya,\nFinance signed off on CO-4.\n\nOn Mon, 2 Nov 2026, Priya "
    text += "<p@cro.example> wrote:\n> Any news?\n"
    # When / Then
    assert extract_reply(text) == "Hi Priya,\nFinance signed off on CO-4."


def test_first_paragraph_about_external_mail_is_kept() -> None:
    # Given a reply that talks about external mail without being a gateway warning
    text = "External email addresses should be added to the portal.\n\nThanks"
    # When / Then
    assert extract_reply(text) == text


def test_sentence_starting_with_on_is_not_an_attribution() -> None:
    # Given new text whose lines start with "On" above a real attribution
    text = (
        "On Monday we rerun the assay.\n\nOn this day\n\nwe ship.\n\n"
        "On 28 Jan 2024, at 19:04, Sam wrote:\n\n> old"
    )
    # When / Then
    assert extract_reply(text) == "On Monday we rerun the assay.\n\nOn this day\n\nwe ship."


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
        "----- Message d'origine -----",
        "*-------- Original Message --------*",
    ],
)
def test_original_message_separator_ends_the_reply(separator: str) -> None:
    # Given a reply above an "original message" separator
    text = f"Declined.\n\n{separator}\nFrom: Sam\nOld message."
    # When / Then
    assert extract_reply(text) == "Declined."


@pytest.mark.parametrize(
    "block",
    [
        "________________________________\nFrom: Sam <sam@cro.example>\nSent: Monday\n"
        "To: Jane\nSubject: CO-12",
        "*From:* Sam\n*Sent:* 2024-06-03\n*To:* Jane\n*Subject:* CO-12",
        "Von: Sam <sam@cro.example>\nGesendet: Montag, 3. Juni 2024\nAn: Jane\nBetreff: CO",
        "De : Sam\nEnvoyé : lundi 3 juin 2024\nÀ : Jane\nObjet : Avenant",
        "Da: Sam\nInviato: lunedì\nA: Jane\nOggetto: CO-12",
    ],
)
def test_header_block_in_any_language_ends_the_reply(block: str) -> None:
    # Given a reply above a quoted message's header block (Outlook style, no ">")
    text = f"Approved.\n\n{block}\n\nPlease approve the change."
    # When / Then
    assert extract_reply(text) == "Approved."


@pytest.mark.parametrize(
    "attribution",
    [
        "Am 03.06.2024 um 10:15 schrieb Sam Lee <sam@cro.example>:",
        "Le lun. 3 juin 2024 à 10:15, Sam Lee <sam@cro.example> a écrit :",
        "El lun, 3 jun 2024 a las 10:15, Sam (<sam@cro.example>) escribió:",
        "Op ma 3 jun. 2024 om 10:15 schreef Sam <sam@cro.example>:",
        "2024-06-03 10:15 GMT+02:00 Sam Lee <sam@cro.example>:",
        '03.06.2024, 10:15, "Sam Lee" <sam@cro.example>:',
    ],
)
def test_non_english_and_date_led_attributions_are_removed(attribution: str) -> None:
    # Given a reply above an attribution as written by a non-English client
    text = f"Einverstanden.\n\n{attribution}\n\n> Bitte antworten."
    # When / Then
    assert extract_reply(text) == "Einverstanden."


def test_reply_that_only_quotes_has_no_new_text() -> None:
    # Given a reply whose body is nothing but the quoted request
    text = "On Mon, 3 Jun 2024 at 10:15, Mailroom <p@mailroom.example> wrote:\n> Reply APPROVE."
    # When / Then
    assert extract_reply(text) == ""


def test_history_without_quote_marks_and_nothing_above_has_no_new_text() -> None:
    # Given an Outlook header block at the very top (the sender typed nothing)
    text = "From: Sam <sam@cro.example>\nSent: Monday\nTo: Jane\nSubject: CO\n\nPlease approve."
    # When / Then
    assert extract_reply(text) == ""


def test_forward_without_comment_keeps_the_forwarded_body() -> None:
    # Given a forward with no comment of its own
    text = (
        "---------- Forwarded message ---------\nFrom: Lab <lab@cro.example>\n"
        "Date: Mon, Jun 3, 2024\nSubject: Samples\nspanning two lines\nTo: <a@b.example>\n\n"
        "Samples arrived thawed."
    )
    # When / Then
    assert extract_reply(text) == "Samples arrived thawed."


def test_forward_with_comment_keeps_only_the_comment() -> None:
    # Given a forward with a comment above the marker
    text = "FYI, see below.\n\nBegin forwarded message:\n\nFrom: Lab\nSubject: x\n\nBody"
    # When / Then
    assert extract_reply(text) == "FYI, see below."


def test_dash_dash_signature_is_removed() -> None:
    # Given a reply with a conventional "-- " signature
    text = "Go ahead.\n\n-- \nJane Doe\nSponsor Inc."
    # When / Then
    assert extract_reply(text) == "Go ahead."


@pytest.mark.parametrize(
    "footer",
    [
        "Sent from my iPhone",
        "Von meinem iPhone gesendet",
        "Envoyé de mon iPhone",
        "Get Outlook for iOS<https://aka.ms/o0ukef>",
        "Sent from my Samsung Galaxy smartphone.",
        "Verzonden met BlackBerry Work",
        "Verstuurd vanaf mijn iPhone",
        "Enviado do meu iPad",
        "Sent with Proton Mail secure email.",
        "Gesendet mit Proton Mail sichere E-Mail.",
        "Envoyé avec la messagerie sécurisée Proton Mail.",
    ],
)
def test_mobile_footer_is_removed(footer: str) -> None:
    # Given a short reply with a device footer
    text = f"Approved\n\n{footer}"
    # When / Then
    assert extract_reply(text) == "Approved"


def test_sentence_starting_with_sent_from_my_is_kept() -> None:
    # Given a sentence that merely starts like a device footer
    text = "Here it is.\n\nSent from my desk, which is much easier than my mobile phone."
    # When / Then
    assert extract_reply(text) == text


def test_name_line_above_mobile_footer_goes_with_it() -> None:
    # Given a reply signed with a name right above "via mobile"
    text = "Thanks, I can't go higher than that.\n\nStavros Pappas\nvia mobile"
    # When / Then
    assert extract_reply(text) == "Thanks, I can't go higher than that."


def test_a_bare_sign_off_above_an_app_footer_stays() -> None:
    # Given a reply signed "Beste Grüße / name", a blank line, then the app's footer
    text = (
        "Wir nehmen Option B.\n\nBeste Grüße\nKatrin Albers\n\n"
        "Gesendet mit Proton Mail sichere E-Mail."
    )
    # When / Then the footer goes and the sign-off stays
    assert extract_reply(text) == "Wir nehmen Option B.\n\nBeste Grüße\nKatrin Albers"


def test_answers_typed_into_the_quote_below_an_app_footer_are_kept() -> None:
    # Given a client that puts its footer above the quote the sender answered inline
    text = (
        "Hi Sam, see inline.\n\nSent with Proton Mail secure email.\n\n"
        "On Wednesday, March 11th, 2026 at 14:05, Sam <sam@cro.example> wrote:\n\n"
        "> 1. Is the final report accepted?\n\nConfirmed, accepted as of today.\n\n"
        "> 2. The PO number for the final invoice?\n\nPO-KO-2026-014.\n\n> Best,\n> Sam\n"
    )
    # When / Then the answers are the sender's words, the footer and the quote are not
    assert extract_reply(text) == (
        "Hi Sam, see inline.\n\nConfirmed, accepted as of today.\n\nPO-KO-2026-014."
    )


def test_an_app_footer_above_a_plain_quote_still_ends_the_reply() -> None:
    # Given the same footer above a quote nobody answered inside
    text = (
        "Approved.\n\nSent with Proton Mail secure email.\n\n"
        "On Wednesday, Sam <sam@cro.example> wrote:\n\n> Please approve CR-7.\n> Thanks\n"
    )
    # When / Then only the reply remains
    assert extract_reply(text) == "Approved."


def test_sign_off_with_contact_block_is_removed() -> None:
    # Given a sign-off followed by a name, title and phone number
    text = (
        "Approved.\n\nBest regards,\nJane Doe\nDirector, Clinical Operations\n"
        "+1 (617) 555-0100 | jane.doe@sponsor.example"
    )
    # When / Then
    assert extract_reply(text) == "Approved."


@pytest.mark.parametrize(
    "signature",
    [
        # the sign-off a name and a title above the contact paragraph, a blank line between
        "Mit freundlichen Grüßen\nJürgen Weiß\nHead of Clinical Supply\n\nHelvion Pharma AG\n"
        "Leopoldstraße 184, 80804 München\nTel.: +49 89 4521 3370\n"
        "Helvion Pharma AG | Sitz: München | Registergericht: Amtsgericht München HRB 241877",
        # a Swedish sign-off, a logo line and a long register line in the block
        "Med vänliga hälsningar\nAnna Berg\nQA Manager\n[cid:image001.png@01DB93A1.77E0C3B0]\n"
        "Tel +46 8 555 012 34 | anna.berg@example.se\nNordic Bio AB is registered in Sweden, "
        "company number 556000-0000, registered office Solna, Sweden.",
    ],
)
def test_sign_off_above_a_long_contact_block_goes_with_it(signature: str) -> None:
    # Given a reply, then a sign-off with name and title above a long contact block
    text = f"Die Ware kann freigegeben werden.\n\n{signature}"
    # When / Then only the reply is left
    assert extract_reply(text) == "Die Ware kann freigegeben werden."


def test_from_and_to_lines_of_a_time_window_are_not_a_header_block() -> None:
    # Given new text with "From:" and "To:" lines naming times, then real history
    text = (
        "The blackout window is fixed:\nFrom: Friday 28 March, 18:00 CET\n"
        "To: Monday 31 March, 08:00 CEST\nPlease tell the sites.\n\n"
        "From: Laura Chen <laura@cro.example>\nSent: Tuesday, 25 March 2099 10:02\n"
        "To: Mark <mark@sponsor.example>\nSubject: IRT release\n\nWhen is the window?"
    )
    # When / Then the window stays and the history goes
    assert extract_reply(text) == (
        "The blackout window is fixed:\nFrom: Friday 28 March, 18:00 CET\n"
        "To: Monday 31 March, 08:00 CEST\nPlease tell the sites."
    )


def test_bare_sign_off_with_name_is_kept() -> None:
    # Given a sign-off with only a first name (no contact details)
    text = "Approved.\n\nThanks,\nAlex"
    # When / Then
    assert extract_reply(text) == text


@pytest.mark.parametrize(
    "disclaimer",
    [
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential.",
        "This email and any files transmitted with it are confidential and intended solely "
        "for the use of the individual to whom they are addressed.",
        "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
        "Ce message et toutes les pièces jointes sont confidentiels et établis à "
        "l'intention exclusive de ses destinataires.",
        "AVISO DE CONFIDENCIALIDAD: Este mensaje y sus anexos son confidenciales y están "
        "dirigidos exclusivamente a su destinatario.",
        "Questo messaggio e i suoi allegati sono riservati e destinati esclusivamente ai "
        "destinatari indicati.",
        "Dit bericht is vertrouwelijk en uitsluitend bestemd voor de geadresseerde.",
        "Treść tej wiadomości jest poufna i prawnie chroniona.",
        "Detta e-postmeddelande kan innehålla konfidentiell information.",
    ],
)
def test_disclaimer_paragraph_is_removed(disclaimer: str) -> None:
    # Given a reply followed by a legal disclaimer paragraph
    text = f"Rejected, too expensive.\n\n{disclaimer}"
    # When / Then
    assert extract_reply(text) == "Rejected, too expensive."


def test_mailing_list_footer_below_a_drawn_line_is_removed() -> None:
    # Given a message above a drawn line and a short list footer
    text = "Is the run on track?\n\n" + "_" * 40 + "\nlab-users mailing list\nhttp://x.example"
    # When / Then
    assert extract_reply(text) == "Is the run on track?"


def test_code_fence_with_drawn_lines_is_kept_verbatim() -> None:
    # Given a reply with a fenced block holding delimiter-like lines
    text = "See:\n\n```\n####\n-----\n```\n\nEnd."
    # When / Then
    assert extract_reply(text) == text


def test_reply_above_this_line_marker_ends_the_reply() -> None:
    # Given a ticketing system's "reply above this line" marker
    text = "Approved.\n\n## Please type your reply above this line ##\n\nPrevious discussion"
    # When / Then
    assert extract_reply(text) == "Approved."


def test_plain_text_is_preferred_over_html_when_both_are_present() -> None:
    # Given both parts, with different wording
    # When / Then
    assert extract_reply("Plain words.", "<p>HTML words.</p>") == "Plain words."


def test_html_is_used_when_the_text_part_is_empty() -> None:
    # Given an HTML-only reply quoting with Gmail's structure
    markup = (
        '<div>Yes.</div><div class="gmail_quote">On Mon, Sam wrote:<blockquote>x</blockquote></div>'
    )
    # When / Then
    assert extract_reply("", markup) == "Yes."


def test_text_part_holding_html_is_read_as_html() -> None:
    # Given a text/plain part that actually carries HTML markup
    # When / Then
    assert extract_reply("<div>OK to proceed.</div><hr><b>From:</b> Sam<br><b>Sent:</b> x") == (
        "OK to proceed."
    )


def test_html_hr_followed_by_header_block_cuts_history() -> None:
    # Given an Outlook 2003 / Hotmail style reply separated by <hr>
    markup = "<p>Go ahead.</p><hr><b>From:</b> Sam<br><b>Sent:</b> Monday<br><b>To:</b> Jane"
    # When / Then
    assert extract_reply("", markup) == "Go ahead."


def test_html_interleaved_reply_keeps_text_between_blockquotes() -> None:
    # Given an HTML reply answering between two quoted blocks
    markup = (
        "<div>On 3 Jun 2024, at 10:15, Sam &lt;sam@cro.example&gt; wrote:</div>"
        "<blockquote type='cite'>Add a timepoint?</blockquote><div>Yes, approved.</div>"
        "<blockquote type='cite'>Move the report?</blockquote><div>No.</div>"
    )
    # When / Then
    assert extract_reply("", markup) == "Yes, approved.\nNo."


def test_gmail_signature_div_is_removed() -> None:
    # Given an HTML reply with Gmail's signature container
    markup = '<div>Confirmed.</div><div class="gmail_signature">Jane | Sponsor Inc.</div>'
    # When / Then
    assert extract_reply("", markup) == "Confirmed."


def test_empty_bodies_give_empty_text() -> None:
    # Given nothing at all / When / Then
    assert extract_reply("", "") == ""


def test_pathological_quote_line_is_handled() -> None:
    # Given a reply followed by a huge single quoted line and a long unbroken line
    text = "Short answer.\n" + ">" * 50_000 + "\n" + "A" * 50_000
    # When
    got = extract_reply(text)
    # Then it returns, keeping the writer's text and dropping the quote
    assert got.startswith("Short answer.") and ">" not in got


@pytest.mark.parametrize(
    "paragraph",
    [
        "Confidentiality Notice follows.",
        "DISCLAIMER: no liability.",
        "Legal notice: see our site.",
        "Privileged and confidential.",
        "It is intended only for the named recipient.",
        "If you are not the intended recipient, delete it.",
        "This message and any attachments may be privileged.",
        "Please consider the environment before printing this e-mail.",
        "Diese Nachricht ist vertraulich.",
        "Wenn Sie nicht der richtige Adressat sind, bitte loeschen.",
        "Ce courriel est reserve au destinataire.",
        "Avis de confidentialite.",
    ],
)
def test_the_quick_disclaimer_screen_passes_every_ascii_disclaimer(paragraph: str) -> None:
    # Given an ASCII paragraph the full disclaimer pattern matches
    assert signature._DISCLAIMER.search(paragraph)
    # When the cheap screen reads it / Then it lets it through to the full pattern
    assert signature._has_disclaimer_word(paragraph.lower())
    assert signature.is_disclaimer(paragraph)


def test_webmail_indent_before_the_first_word_is_dropped() -> None:
    # Given a Yahoo-style plain part that renders the body with a leading space
    text = (
        " Yes, Thursday at 10am works for me.\n\n"
        "    On Thursday, March 20, 2026, 09:12, Priya <p@x.com> wrote:\n\n > Does Thursday work?"
    )
    # When the reply is read, Then it starts at the first word; later lines keep their indent
    assert extract_reply(text) == "Yes, Thursday at 10am works for me."
    assert extract_reply(" Table:\n  A  1\n  B  2") == "Table:\n  A  1\n  B  2"


def test_korean_outlook_header_block_ends_the_reply() -> None:
    text = (
        "승인합니다.\n\n"
        "보낸 사람: Mailroom (AB12) <proj-ab12@mailroom.example>\n"
        "보낸 날짜: 2026년 3월 2일 월요일 오전 10:12\n"
        "받는 사람: 이지호 <jiho.lee@corvane-tx.example>\n"
        "제목: CR-0007 needs your decision\n\nChange request CR-0007 is waiting for your decision."
    )
    assert extract_reply(text) == "승인합니다."


def test_a_courier_block_in_the_new_text_is_not_a_header_block() -> None:
    text = (
        "Hi Laura,\n\nCourier booked for tomorrow, details below:\n\n"
        "From: Halden Bio GmbH, Czernyring 22, 69115 Heidelberg\n"
        "To: Northgate CRO Ltd, Sample Receipt, Building 3, Abingdon OX14 4RY\n"
        "Courier: World Courier, AWB 8812 4471 0093\n\nThe manifest is attached."
    )
    assert extract_reply(text) == text


def test_a_sign_off_and_name_then_title_and_company_go_together() -> None:
    # Given a sign-off and name, then the full name with title and company (no phone)
    text = (
        "Zatwierdzam.\n\nPozdrawiam,\nKatarzyna Wiśniewska\n\nKatarzyna Wiśniewska\n"
        "Kierownik ds. Badań Klinicznych | Corvane Therapeutics Sp. z o.o."
    )
    # Then the block goes from the sign-off; a bare sign-off and name would have stayed
    assert extract_reply(text) == "Zatwierdzam."
    assert extract_reply("Approved.\n\nBest regards,\nAnna") == "Approved.\n\nBest regards,\nAnna"


@pytest.mark.parametrize(
    ("closing", "name"),
    [("Abraços,", "Lucas"), ("감사합니다.", "박민준 드림"), ("よろしくお願いいたします。", "佐藤")],
)
def test_sign_offs_of_more_languages_lead_a_signature_block(closing: str, name: str) -> None:
    signature = f"{name} | Gerente de Projetos\nTel. +82 31 555 0172"
    text = f"Resultados em anexo.\n\n{closing}\n{name}\n\n{signature}"
    assert extract_reply(text) == "Resultados em anexo."


def test_a_postscript_after_the_sign_off_is_kept() -> None:
    text = (
        "Thanks for the quick turnaround.\n\nBest,\nMarkus\n\n"
        "P.S. The courier is DHL Express, not FedEx - AWB 4471 8823 0163."
    )
    assert extract_reply(text) == text


@pytest.mark.parametrize(
    "footer",
    [
        "Pensez à l'environnement avant d'imprimer ce courriel.",
        "Denk aan het milieu voordat u deze e-mail afdrukt.",
        "Please think before you print this e-mail.",
    ],
)
def test_environment_footers_end_the_text(footer: str) -> None:
    assert extract_reply(f"Les résultats sont conformes.\n\n{footer}") == (
        "Les résultats sont conformes."
    )


def test_a_spanish_sentence_about_printing_is_not_a_footer() -> None:
    text = "Hola,\n\nAntes de imprimir las etiquetas, confirme el número de tubos."
    assert extract_reply(text) == text


def test_word_list_indent_and_picture_placeholders_are_tidied() -> None:
    text = (
        "Two points:\n\n1.      Quote 400 samples.\n2.      Confirm the validity date.\n\n"
        "[cid:image002.png@01DCAF31.2B7C9E40]\n\nCan you correct it?"
    )
    assert extract_reply(text) == (
        "Two points:\n\n1. Quote 400 samples.\n2. Confirm the validity date.\n\nCan you correct it?"
    )


def test_a_value_written_with_a_greater_than_sign_is_not_a_quote() -> None:
    text = (
        "Solubility data:\n\n> 5 mg/mL in 0.5% methylcellulose\n< 0.1 mg/mL in water\n\n"
        "So please use the suspension.\n\nOn Mon, 2 Mar 2026 at 10:00, Laura <l@x.com> wrote:\n"
        "> Which vehicle?\n"
    )
    assert extract_reply(text) == (
        "Solubility data:\n\n> 5 mg/mL in 0.5% methylcellulose\n< 0.1 mg/mL in water\n\n"
        "So please use the suspension."
    )
    assert extract_reply("Answer below.\n\n> 5 samples arrived?\n\nYes, all five.") == (
        "Answer below.\n\nYes, all five."
    )


def test_leaked_style_rules_and_a_collapsed_plain_part_are_not_the_text() -> None:
    # Given a text/plain part led by a style rule, and one run together on a single line
    leaked = "P {margin-top:0;margin-bottom:0;}\nHi Laura,\nThe ISR results look fine."
    collapsed = "Hi Priya, " + "the estimate is attached and assumes standard SEND. " * 5
    html = "<p>Hi Priya,</p><p>The estimate is attached.</p><p>Best, Oliver</p>"
    # Then the style rule goes, and the collapsed part gives way to the HTML
    assert extract_reply(leaked) == "Hi Laura,\nThe ISR results look fine."
    assert extract_reply(collapsed, html).startswith("Hi Priya,\nThe estimate is attached.")
    assert extract_reply(collapsed) == collapsed.strip()  # with no HTML, it is all there is


def test_a_name_alone_then_a_block_led_by_the_same_name_keeps_only_the_name() -> None:
    text = "同意，请按新的时间表执行。\n\n陈美\n\n陈美 | 临床药理\n科文医药（上海）有限公司"
    assert extract_reply(text) == "同意，请按新的时间表执行。\n\n陈美"
    # a sentence under the name is the sender's, not a signature
    note = "See you then.\n\nAnna\n\nAnna is out of office until Monday and will reply then."
    assert extract_reply(note) == note


def test_a_sentence_introducing_a_quotation_is_not_an_attribution() -> None:
    # Given new text quoting a protocol passage after "... your team wrote:"
    text = (
        "Our comments are attached.\n\nIn section 8.2 the draft currently reads, and I quote "
        "what your team wrote:\n\n    Recovery animals will be maintained for 14 days.\n\n"
        "We would prefer 28 days."
    )
    # Then it is all the sender's; a dated attribution still ends the text
    assert extract_reply(text) == text
    dated = "Fine.\n\nOn 3.3.2026 at 09:14 Tom wrote:\n\n    Can we ship Monday?"
    assert extract_reply(dated) == "Fine."


def test_a_two_language_sign_off_leads_its_signature_block() -> None:
    text = (
        "We will re-inject run 14 on Monday.\n\nMit freundlichen Grüssen / Kind regards\n\n"
        "Klaus Brenner\nStudy Director, Regulated Bioanalysis\n\nCastellan Bioanalytics AG\n"
        "Hochbergerstrasse 60C | 4057 Basel | Switzerland\nT +41 61 555 01 20"
    )
    assert extract_reply(text) == "We will re-inject run 14 on Monday."


@pytest.mark.parametrize("closing", ["Groetjes,", "Com os melhores cumprimentos,"])
def test_dutch_and_portuguese_closings_lead_a_signature_block(closing: str) -> None:
    block = "Sanne de Vries | Tulpa B.V.\n+31 71 555 0199"
    text = f"Kun je de ontvangst bevestigen?\n\n{closing}\nSanne\n\n{block}"
    assert extract_reply(text) == "Kun je de ontvangst bevestigen?"


def test_a_postscript_below_the_signature_block_is_kept_without_the_block() -> None:
    text = (
        "Dosing started this morning.\n\nCheers,\nTom\n\nTom Fletcher, DABT\n"
        "Study Director | Pinecrest Toxicology\nM +1 919 555 0142 | www.pinecrest-tox.example\n\n"
        "P.S. Our Durham site is closed on Friday."
    )
    assert extract_reply(text) == (
        "Dosing started this morning.\n\nP.S. Our Durham site is closed on Friday."
    )


@pytest.mark.parametrize("mark", ["| ", "» "])
def test_bar_and_guillemet_quotes_are_history(mark: str) -> None:
    text = f"Hello Lena,\n\n{mark}Do we need an investigation?\n\nNot in our view.\n"
    assert extract_reply(text) == "Hello Lena,\n\nNot in our view."


def test_a_table_drawn_with_bars_is_not_a_quote() -> None:
    text = "Results:\n\n| Sample | Result |\n| S-1 | 12.1 |\n\nAll within range."
    assert extract_reply(text) == text


def test_an_attribution_misplaced_above_the_greeting_is_skipped() -> None:
    text = (
        "On Mon, Mar 16, 2026 at 9:00 AM Julie <julie@x.example> wrote:\nHi Julie,\n\n"
        "> 1) When can it leave?\n\nWednesday 18 March.\n"
    )
    assert extract_reply(text) == "Hi Julie,\n\nWednesday 18 March."


def test_outlooks_first_contact_tip_is_not_the_senders_text() -> None:
    text = (
        "You don't often get email from giulia@ambra.example. Learn why this is important\n"
        "Hi Marco,\n\nExpected concentrations are 0.5-500 ng/mL."
    )
    assert extract_reply(text) == "Hi Marco,\n\nExpected concentrations are 0.5-500 ng/mL."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Gmail wraps a right-to-left attribution in bidi controls
        (
            "מאושר, אפשר להתחיל.\n\nתודה,\nיוסי\n\n\u202bבתאריך יום ה׳, 13 במרץ 2025 ב-16:40 מאת "
            "\u202aDana Levi\u202c <\u202adana@cro.example\u202c>:\u202c\n\n> האם לאשר?\n",
            "מאושר, אפשר להתחיל.\n\nתודה,\nיוסי",
        ),
        # Thunderbird in Finnish: name, verb, then the date
        (
            "Kyllä, kiitos.\n\nLaura Mäkinen kirjoitti 14.3.2025 klo 9.41:\n> Sopiiko?\n",
            "Kyllä, kiitos.",
        ),
        # Turkish Outlook header block, sign-off and contact block
        (
            "Onaylıyoruz.\n\nSaygılarımla,\nZeynep Aksoy\nAR-GE Proje Yöneticisi\n"
            "T: +90 232 000 11 22\n\nKimden: Stefan <s@cro.example>\nGönderildi: 14 Mart 2025\n"
            "Kime: Zeynep\nKonu: CR-05\n",
            "Onaylıyoruz.",
        ),
        # an Indonesian confidentiality footer
        (
            "Diterima, terima kasih.\n\nEmail ini beserta lampirannya bersifat rahasia dan hanya "
            "ditujukan untuk penerima yang dimaksud.",
            "Diterima, terima kasih.",
        ),
    ],
    ids=["hebrew-bidi", "finnish", "turkish", "indonesian-footer"],
)
def test_replies_in_more_languages(text: str, expected: str) -> None:
    assert extract_reply(text) == expected


def test_a_quoted_list_item_is_a_quote_not_a_value() -> None:
    # Given an answer typed below a quoted numbered question
    text = "See below.\n\n> 2. Is ISR needed?\nYes, 10 % of samples.\n"
    # When / Then the quoted question goes, the answer stays
    assert extract_reply(text) == "See below.\n\nYes, 10 % of samples."

"""How people around the world open, close and sign mail, and how clients mangle it.

(Data.) The first corpus greeted in one register of English; real mail between sponsors
and CROs opens in German, French, Spanish or Chinese-English, ends in long signatures
with legal disclaimers, and arrives forwarded in Outlook's or Gmail's format. None of it
says anything about the label, which is exactly what the models must learn.
"""

from __future__ import annotations

INTL_GREETINGS = (
    "Sehr geehrte Frau Dr. {last},",
    "Liebe {first},",
    "Bonjour {first},",
    "Chère Madame, cher Monsieur,",
    "Estimado {first}:",
    "Hola {first},",
    "Dear Mr. {last},",
    "Dear {first} san,",
    "Dear Sir/Madam,",
    "Hallo {first},",
    "Buongiorno {first},",
    "Dear Dr. {last}, dear {first},",
    "Hi {first} - ",
    "Good afternoon {first},",
    "Dear {first} and team,",
    "Morning {first},",
    "Dear all,",
    "Hello dear {first},",
)
INTL_CLOSINGS = (
    "Mit freundlichen Grüßen",
    "Viele Grüße",
    "Cordialement,",
    "Bien à vous,",
    "Saludos cordiales,",
    "Un saludo,",
    "Best wishes,",
    "BR,",
    "Rgds,",
    "Thanks & regards,",
    "Met vriendelijke groet,",
    "Cordiali saluti,",
    "Many thanks and best regards,",
    "Warm wishes,",
    "Thx,",
    "Yours sincerely,",
    "Freundliche Grüße / Kind regards",
    "Best regards / Mit freundlichen Grüßen",
)
LONG_SIGNATURES = (
    "{sender}\nSenior Project Manager | {org}\nT: +1 617 555 0142 | M: +1 617 555 0199\nwww.{dom}",
    "{sender}, PhD\nDirector, Client Services\n{org}\n12 Science Park, Cambridge CB4 0XX, UK\n"
    "Registered in England No. 01234567",
    "{sender}\n{org} GmbH\nGeschäftsführer: Dr. A. Beispiel | Amtsgericht München HRB 000000",
    "{sender}\nBusiness Development Manager\n{org} | Shanghai | Boston | Basel\n"
    "WeChat: {sfirst}_bd",
    "Kind regards,\n{sender}\nAssociate Director, Outsourcing\n{org}\n[Logo]",
    "{sender} (she/her)\nClinical Operations\n{org}\nWorking hours Mon-Thu",
    "{sender}\nProject Coordinator\n{org} B.V. | KvK 00000000\nDisclaimer: see www.{dom}/legal",
    "{sender}\nResponsable de projet\n{org} SAS\nTél. +33 1 23 45 67 89",
)
DISCLAIMERS = (
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be "
    "privileged. If you are not the intended recipient, please notify the sender and delete "
    "it.",
    "Please consider the environment before printing this email.",
    "This message has been scanned for viruses. [EXTERNAL] Use caution with links and attachments.",
    "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat "
    "sind, informieren Sie bitte den Absender.",
    "Ce message et ses pièces jointes sont confidentiels.",
    "The information in this email is intended only for the named recipient.",
    "CAUTION: This email originated from outside of the organization. Do not click links "
    "unless you recognise the sender.",
    "Any views expressed are those of the author and not of the company.",
)
OUTLOOK_FORWARDS = (
    "________________________________\nFrom: {name} <{first}@{dom}>\nSent: {weekday}, "
    "{date} 10:14\nTo: {sender}\nSubject: ",
    "-----Original Message-----\nFrom: {name}\nSent: {date}\nTo: {sender}\nSubject: ",
    "---------- Forwarded message ---------\nFrom: {name} <{first}@{dom}>\nDate: {weekday}, "
    "{date}\nSubject: ",
    "Begin forwarded message:\n\nFrom: {name} <{first}@{dom}>\nDate: {date}\nSubject: ",
    "-------- Weitergeleitete Nachricht --------\nVon: {name}\nDatum: {date}\nBetreff: ",
    "De : {name}\nEnvoyé : {date}\nÀ : {sender}\nObjet : ",
)

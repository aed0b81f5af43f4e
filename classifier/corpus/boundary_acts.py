"""Acts at the boundary between talking about a document and sending one.

(Data, like message_acts.py.) Mail written apart from the training data showed where the
model still reads a topic as the act: finance asking *when* an invoice comes or which bank
account it names, a portal's account notice, a newsletter listing services, a holiday
notice about sample receipt, a question about which manifest template to use. All of
these are `other`. It also showed the acts themselves written in Italian, Spanish, French
and German (a timeline shift confirmed, a certificate of analysis, results pasted in the
body) read as chatter. Each bank mixes languages and phrasings so that every split (banks
are split by position) sees all of them.
"""

from __future__ import annotations

from classifier.corpus.message_acts import Act

BOUNDARY_ACTS: tuple[Act, ...] = (
    Act(
        "question-about-invoice",
        "other",
        "sponsor",
        subjects=(
            "Accruals - {study_no}",
            "Question on invoicing for {study}",
            "Bank details",
            "Invoice timing",
            "Month-end accruals",
            "Re: invoicing",
            "Where to send invoices",
        ),
        cores=(
            "for our month-end accruals, could you let me know when you expect to invoice "
            "the next milestone on {study_no} and roughly how much it will be?",
            "before we release payment, can you confirm the bank details on your side? Our "
            "system flagged that the IBAN differs from the one on file.",
            "quick question from accounts payable: should invoices for {study_no} go to the "
            "central AP mailbox or to me directly?",
            "we have not received an invoice for the bioanalysis phase yet. Is one planned "
            "this quarter? I need to know for the budget forecast.",
            "could you tell us which PO number you will quote on the next invoice? The old "
            "PO is nearly used up.",
            "the invoice count of samples looks higher than what we shipped. Can you check "
            "how many samples were actually received before we discuss it?",
            "do you invoice per milestone or monthly? Finance wants to set up the accrual "
            "schedule correctly.",
            "please hold off invoicing until the new PO is issued; I will send it next week.",
            "is VAT applicable to the services on {study_no}, or do you invoice with reverse "
            "charge? Our tax team is asking.",
            "our vendor master needs your W-9 and remittance address before the first "
            "invoice can be processed. Could you send them?",
            "can you confirm the legal entity that will appear on your invoices? It must "
            "match the contract.",
            "when can we expect the invoice for milestone 2? We would like to pay it before "
            "year end.",
        ),
    ),
    Act(
        "portal-or-access-notice",
        "other",
        "cro",
        subjects=(
            "Your portal account",
            "Access to the client portal",
            "Password reset",
            "Welcome to the {cro} client portal",
            "Portal access granted",
            "Your download link has expired",
        ),
        cores=(
            "your account on our client portal has been created. Use the link below to set "
            "your password; reports and data for your studies will appear there once issued.",
            "access to the secure portal has been granted to you and two colleagues. No "
            "documents have been uploaded for {study_no} yet.",
            "we received a request to reset your portal password. If this was not you, "
            "please ignore this message.",
            "the download link you used has expired for security reasons. Please log in to "
            "the portal to request a new one.",
            "welcome to the client portal. From here you will be able to follow sample "
            "status and, later, download reports.",
            "your portal account will be deactivated after 90 days without login. Sign in "
            "once to keep it active.",
            "we are moving to a new client portal next month; your login stays the same and "
            "nothing is required from you.",
            "a colleague at {sponsor} asked for portal access for you; please activate your "
            "account within 7 days.",
            "two-factor authentication is now required on the portal. Set it up at your next "
            "login.",
            "the portal will be unavailable on Saturday for maintenance between 08:00 and "
            "12:00 CET.",
            "you have been added as a viewer to the {study_no} workspace on the portal.",
            "your SFTP account has been created; the folder is empty for now and we will "
            "tell you when data is uploaded.",
        ),
    ),
    Act(
        "newsletter",
        "other",
        "cro",
        subjects=(
            "{cro} news - autumn edition",
            "Newsletter: new capabilities",
            "Webinar invitation",
            "What's new at {cro}",
            "Quarterly update from {cro}",
            "Save the date: open house",
        ),
        cores=(
            "in this edition: our new LC-MS/MS suite, faster report turnaround, and how to "
            "request a quote through the portal.",
            "join our webinar on bioanalytical method transfer; we will cover sample "
            "logistics, validation reports and common pitfalls.",
            "we have expanded our stability storage capacity and now offer photostability "
            "studies. Contact your account manager for a proposal.",
            "our new online quote request form is live; turnaround for proposals is now five "
            "business days.",
            "read our latest case study on accelerating final reports for IND filings.",
            "we are exhibiting at the annual conference, booth 42; come and meet our team.",
            "news from the lab: ISO accreditation renewed, two new scientists, and a "
            "refreshed sample submission guide on our website.",
            "this quarter we processed over 40,000 samples and launched a data portal for "
            "clients.",
            "to unsubscribe from these updates, click the link at the bottom of this email.",
            "our holiday schedule and new service catalogue are now available on the "
            "website.",
            "register now for our free seminar on CMC documentation and batch release.",
            "we are pleased to announce our new site in Leiden, opening in spring.",
        ),
    ),
    Act(
        "holiday-notice",
        "other",
        "cro",
        subjects=(
            "Holiday closure",
            "Sample receipt over the holidays",
            "Christmas and New Year schedule",
            "Site closure - public holiday",
            "Last shipping day before the break",
            "Easter closure",
        ),
        cores=(
            "our sample receipt will be closed from 24 December to 2 January. Please do not "
            "ship samples that would arrive during this period.",
            "the last day to ship samples to us before the holidays is {date}; shipments "
            "arriving later will be received after the break.",
            "the lab is closed on Monday for the public holiday. Please plan shipments to "
            "arrive from Tuesday.",
            "over the holiday period the receiving dock is unstaffed; frozen samples cannot "
            "be accepted between the two weekends.",
            "during the summer shutdown, sample receipt runs on a reduced schedule "
            "(Tuesdays and Thursdays only).",
            "please note our office hours over Christmas; urgent questions can go to the "
            "on-call project manager.",
            "we will be closed for Easter from Friday to Monday; no deliveries will be "
            "accepted on those days.",
            "reminder: couriers do not pick up dry-ice shipments on public holidays, so "
            "please avoid shipping the day before one.",
            "our receiving team will be back on {date}; shipments already in transit will be "
            "logged then.",
            "wishing you happy holidays - the lab closes on 23 December and reopens on "
            "5 January.",
            "because of the regional holiday, sample accessioning will be delayed by one "
            "day this week.",
            "the warehouse is closed for inventory on Friday; please hold shipments until "
            "Monday.",
        ),
    ),
    Act(
        "question-about-form",
        "other",
        "sponsor",
        subjects=(
            "Which manifest template?",
            "Sample submission form",
            "Question on the manifest format",
            "Template for shipment",
            "Columns needed for the manifest",
            "Blank submission form please",
        ),
        cores=(
            "which manifest template should we use for the next shipment, the Excel one from "
            "the kickoff or the new PDF form?",
            "could you send us a blank sample submission form? We could not find it on the "
            "portal.",
            "what columns do you need in the manifest? Our site exports only subject, visit "
            "and time.",
            "is a scanned chain-of-custody form acceptable, or do you need the original with "
            "the shipment?",
            "do you need one manifest per box or one for the whole shipment?",
            "can we send the manifest as CSV instead of Excel? Our LIMS exports CSV only.",
            "should the storage temperature be on the manifest or only on the box label?",
            "our CRO partner asks whether your form needs a signature from the site.",
            "is there a maximum number of samples per manifest?",
            "could you confirm the sample ID format you expect before we print labels?",
            "we would like to use our own manifest layout; is that acceptable?",
            "do you want the manifest emailed before the shipment or inside the box?",
        ),
    ),
    Act(
        "intl-questions",
        "other",
        "any",
        subjects=(
            "Frage zur Rechnung",
            "Question sur la facturation",
            "Consulta sobre la plantilla",
            "Domanda sulla fattura",
            "Bankverbindung",
            "Chiusura per le festività",
        ),
        cores=(
            "wann dürfen wir mit der Rechnung für den nächsten Meilenstein rechnen? Wir "
            "brauchen die Angabe für die Abgrenzung zum Monatsende.",
            "pourriez-vous confirmer vos coordonnées bancaires avant que nous procédions au "
            "paiement ? L'IBAN diffère de celui enregistré.",
            "¿qué plantilla de manifiesto debemos usar para el próximo envío, la de Excel o "
            "el formulario nuevo?",
            "quando prevedete di emettere la fattura per la fase di bioanalisi? Ci serve per "
            "il forecast.",
            "bitte bestätigen Sie uns Ihre Bankverbindung; unsere Buchhaltung hat eine "
            "Abweichung festgestellt.",
            "il laboratorio resterà chiuso dal 24 dicembre al 2 gennaio: vi preghiamo di non "
            "spedire campioni in quel periodo.",
            "notre réception des échantillons sera fermée entre Noël et le Nouvel An ; merci "
            "de ne pas expédier pendant cette période.",
            "¿podrían enviarnos el formulario de envío de muestras en blanco? No lo "
            "encontramos en el portal.",
            "welche Spalten benötigen Sie im Probenbegleitschein? Unser System exportiert "
            "nur Proband, Visite und Uhrzeit.",
            "à quel moment prévoyez-vous de facturer l'étape 2 ? Nous préparons les "
            "provisions de fin d'année.",
            "el acceso a su portal de clientes ya está activo; de momento no hay documentos.",
            "ci potete indicare a quale indirizzo inviare le fatture per lo studio {study_no}?",
        ),
    ),
    Act(
        "intl-change-confirmed",
        "change_agreement",
        "any",
        subjects=(
            "Slittamento del report finale",
            "Décalage du rapport",
            "Verschiebung des Berichtstermins",
            "Cambio de calendario",
            "Avenant n° 2",
            "Gruppo di recupero aggiuntivo",
        ),
        cores=(
            "confermo lo slittamento del report finale al {date}, come concordato ieri al "
            "telefono; il costo resta invariato.",
            "nous confirmons le décalage du rapport final au {date} suite à l'ajout du point "
            "de prélèvement ; l'avenant suit pour signature.",
            "hiermit bestätigen wir die Verschiebung des Berichtstermins auf den {date}; die "
            "Mehrkosten von {cur} {amount} sind freigegeben.",
            "confirmamos el cambio de calendario: el informe final se entregará el {date} en "
            "lugar de la fecha original.",
            "veuillez trouver ci-joint l'avenant n° 2 ajoutant un groupe de récupération ; "
            "impact : {cur} {amount} et quatre semaines supplémentaires.",
            "come discusso, aggiungiamo un gruppo di recupero di {n} animali; l'impatto su "
            "costi e tempi è riportato nell'ordine di modifica allegato.",
            "wir haben uns darauf geeinigt, die Analyse von {n} Proben zu wiederholen; die "
            "Kosten übernehmen wir gemeinsam wie besprochen.",
            "d'accord pour la ré-analyse des {n} échantillons hors spécification ; merci de "
            "nous envoyer la mise à jour du devis pour le surcoût.",
            "aceptamos añadir {n} muestras adicionales al precio unitario de la oferta; "
            "pueden proceder.",
            "va bene per noi anticipare il timepoint a 6 mesi e rimuovere quello a 9 mesi; "
            "inviateci la modifica del protocollo.",
            "die zusätzliche Zeitpunktanalyse ist genehmigt; bitte passen Sie den Zeitplan "
            "entsprechend an.",
            "suite à notre échange, le périmètre est réduit : l'analyse à 24 mois est "
            "supprimée et le budget diminue de {cur} {amount}.",
        ),
        attachments=(("change_order", "change_agreement"),),
        attach_rate=0.3,
    ),
    Act(
        "results-or-coa",
        "deliverable",
        "cro",
        subjects=(
            "Results - lot {lot}",
            "Certificato di analisi lotto {lot}",
            "Certificado de análisis {lot}",
            "Release results {lot}",
            "Prüfergebnisse Charge {lot}",
            "Résultats de libération {lot}",
        ),
        cores=(
            "release results for lot {lot} below; the CoA follows once QA has signed.\n"
            "Assay: 99.1 % (spec 95.0-105.0) - pass\nWater (KF): 0.4 % - pass\n"
            "Related substances: total 0.6 % - pass",
            "in allegato il certificato di analisi del lotto {lot} per il timepoint a 6 mesi; "
            "tutti i risultati sono conformi alle specifiche.",
            "adjuntamos el certificado de análisis del lote {lot}; todos los ensayos cumplen "
            "la especificación.",
            "hier die Prüfergebnisse für Charge {lot}:\nGehalt 100,2 % - konform\n"
            "Wassergehalt 0,3 % - konform\nUnterschrieben vom QA folgt das Zertifikat.",
            "voici les résultats de libération du lot {lot} : dosage 98,7 %, impuretés "
            "totales 0,4 %, conformes. Le certificat signé suit.",
            "the stability results at T6 for lot {lot} are summarised here: assay 98.9 %, "
            "degradants below reporting threshold, appearance conforms.",
            "here are the potency results you asked for, as a table in the mail body:\n"
            "Sample | EC50 (nM) | Result\nRef std | 12.1 | pass\nLot {lot} | 11.8 | pass",
            "attached is the CoA for lot {lot} together with the executed batch record "
            "summary.",
            "i risultati dell'analisi sono disponibili sul portale; checksum MD5 nel file "
            "allegato.",
            "los resultados finales del ensayo de bioanálisis están en el servidor SFTP: "
            "{link}",
            "die finalen Datensätze (SEND-Format) stehen zum Download bereit: {link}",
            "please find the PK concentration dataset (final, QC'd) attached as CSV.",
        ),
        attachments=(("coa", "deliverable"), ("report", "deliverable")),
        attach_rate=0.4,
    ),
)

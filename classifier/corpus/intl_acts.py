"""The business acts in German, French, Spanish and Italian.

(Data, like message_acts.py.) Sponsors and CROs in Europe and Latin America write to each
other in their own language often enough: "anbei unser Angebot", "veuillez trouver
ci-joint notre facture". The registers already greet and sign off in those languages;
these acts give the model the words of the acts themselves. Each bank mixes languages so
that every split (banks are split by position) sees all of them.
"""

from __future__ import annotations

from classifier.corpus.message_acts import Act

INTL_ACTS: tuple[Act, ...] = (
    Act(
        "intl-quote",
        "quote",
        "cro",
        subjects=(
            "Angebot {qno}",
            "Devis {qno} - {study_no}",
            "Cotización {qno}",
            "Offerta {qno}",
            "Kostenvoranschlag {study_no}",
            "Proposition commerciale {qno}",
            "Presupuesto {study_no}",
        ),
        cores=(
            "anbei erhalten Sie unser Angebot {qno} für die Studie {study_no}. Der Gesamtpreis "
            "beträgt {cur} {amount} netto; das Angebot ist 60 Tage gültig.",
            "veuillez trouver ci-joint notre devis {qno} pour l'étude {study_no}, d'un montant "
            "total de {cur} {amount} HT. Le devis est valable 90 jours.",
            "adjunto le enviamos nuestra cotización {qno} para el estudio {study_no}. El precio "
            "total es de {cur} {amount}; la oferta es válida por 60 días.",
            "in allegato la nostra offerta {qno} per lo studio {study_no}, per un importo "
            "complessivo di {cur} {amount} IVA esclusa.",
            "wie besprochen sende ich Ihnen unseren Kostenvoranschlag {qno}. Die Preise pro "
            "Probe und die Annahmen finden Sie in Abschnitt 3.",
            "suite à votre demande, voici notre proposition commerciale {qno} : {cur} {amount} "
            "pour l'ensemble des prestations, hors frais d'expédition.",
            "le adjuntamos el presupuesto {qno} revisado según el alcance acordado; el total "
            "asciende a {cur} {amount}.",
            "Angebot {qno} im Anhang: Preise pro Probe, Gesamtsumme {cur} {amount}, "
            "Zahlungsbedingungen 30 Tage netto.",
            "nous avons le plaisir de vous adresser notre offre de prix {qno} ; elle inclut la "
            "validation de la méthode et l'analyse des échantillons.",
            "vi inviamo il preventivo {qno} per la validazione del metodo; validità 60 giorni.",
            "anbei unser überarbeitetes Angebot {qno} (Revision B) vor Auftragserteilung.",
            "encontrará adjunta nuestra propuesta económica {qno} con el desglose por partidas.",
        ),
        attachments=(("quote_doc", "quote"),),
        attach_rate=0.6,
    ),
    Act(
        "intl-samples",
        "sample_sheet",
        "sponsor",
        subjects=(
            "Probenversand {study_no}",
            "Envoi d'échantillons - {study_no}",
            "Envío de muestras {study_no}",
            "Spedizione campioni {study_no}",
            "Probenliste",
            "Liste des échantillons",
        ),
        cores=(
            "die Proben wurden heute auf Trockeneis versandt, Sendungsnummer {tracking}. "
            "{n} Röhrchen; die Probenliste liegt bei. Bitte bestätigen Sie den Empfang.",
            "les échantillons ont été expédiés aujourd'hui sur carboglace, numéro de suivi "
            "{tracking}. {n} tubes ; la liste des échantillons est jointe.",
            "hoy hemos enviado las muestras en hielo seco, número de seguimiento {tracking}. "
            "Adjuntamos el listado de muestras ({n} tubos).",
            "i campioni sono stati spediti oggi in ghiaccio secco, tracking {tracking}; in "
            "allegato l'elenco dei campioni.",
            "anbei das ausgefüllte Probeneinsendeformular für {n} Proben, Matrix Plasma, "
            "Lagerung bei -80 °C.",
            "veuillez trouver le bordereau d'envoi des échantillons : {n} tubes de sérum, "
            "conservés à -80 °C jusqu'à l'expédition.",
            "adjunto el formulario de envío de muestras con los identificadores, volúmenes y "
            "tiempos de extracción.",
            "Versand heute per Kurier, {n} Proben in 2 Boxen; die Probenliste ist angehängt.",
            "envoi ce jour de {n} échantillons de plasma, manifeste d'expédition en pièce "
            "jointe.",
            "in allegato il modulo di invio campioni con ID, matrice e volume.",
        ),
        attachments=(("manifest", "sample_sheet"),),
        attach_rate=0.6,
    ),
    Act(
        "intl-change",
        "change_agreement",
        "any",
        subjects=(
            "Änderungsauftrag {co}",
            "Avenant {co}",
            "Orden de cambio {co}",
            "Modifica dello scopo",
            "Zusätzliche Zeitpunkte",
            "Changement de périmètre",
        ),
        cores=(
            "wie telefonisch besprochen, nehmen wir {n} zusätzliche Proben auf; der "
            "Änderungsauftrag {co} über {cur} {amount} liegt zur Freigabe bei.",
            "comme convenu, nous ajoutons deux points de prélèvement ; l'avenant {co} "
            "(impact : {cur} {amount}, +3 semaines) est joint pour signature.",
            "según lo acordado, ampliamos el alcance con {n} muestras adicionales; la orden "
            "de cambio {co} con el impacto en coste y plazo va adjunta.",
            "confermiamo la modifica dello scopo: {n} campioni aggiuntivi al prezzo unitario "
            "dell'offerta; il report slitta di due settimane.",
            "die Änderung ist hiermit freigegeben - bitte fahren Sie mit {co} fort. Die "
            "Mehrkosten von {cur} {amount} sind akzeptiert.",
            "nous acceptons la modification du périmètre et le décalage du rapport de deux "
            "semaines ; merci de procéder selon l'avenant {co}.",
            "aprobamos el cambio de alcance y el coste adicional de {cur} {amount}; pueden "
            "proceder.",
            "approviamo l'ordine di modifica {co}; procedete pure.",
            "durch den zusätzlichen Zeitpunkt verschiebt sich der Berichtstermin um zwei "
            "Wochen; bitte bestätigen Sie die Änderung.",
            "la prolongation de l'étude de stabilité (deux points supplémentaires) est "
            "acceptée, nouveau coût total {cur} {amount}.",
        ),
        attachments=(("change_order", "change_agreement"),),
        attach_rate=0.4,
    ),
    Act(
        "intl-deliverable",
        "deliverable",
        "cro",
        subjects=(
            "Abschlussbericht {study_no}",
            "Rapport final {study_no}",
            "Informe final {study_no}",
            "Rapporto finale {study_no}",
            "Berichtsentwurf {study_no}",
            "Projet de rapport {study_no}",
        ),
        cores=(
            "anbei erhalten Sie den unterschriebenen Abschlussbericht der Studie {study_no} "
            "mit der QS-Erklärung.",
            "veuillez trouver ci-joint le rapport final signé de l'étude {study_no}, avec la "
            "déclaration d'assurance qualité.",
            "adjuntamos el informe final firmado del estudio {study_no} junto con los datos "
            "brutos.",
            "in allegato il rapporto finale firmato dello studio {study_no}.",
            "anbei der Berichtsentwurf zur Durchsicht; wir bitten um Kommentare bis {date}.",
            "voici le projet de rapport pour relecture ; merci de nous faire part de vos "
            "commentaires d'ici le {date}.",
            "los datos están disponibles en nuestro servidor SFTP: {link}",
            "i dati finali sono disponibili al link {link} (checksum inclusi).",
            "das Analysenzertifikat für Charge {lot} liegt bei; alle Ergebnisse entsprechen "
            "der Spezifikation.",
            "ci-joint le certificat d'analyse du lot {lot} ; tous les résultats sont "
            "conformes.",
        ),
        attachments=(("report", "deliverable"), ("coa", "deliverable")),
        attach_rate=0.6,
    ),
    Act(
        "intl-invoice",
        "invoice",
        "cro",
        subjects=(
            "Rechnung {inv}",
            "Facture {inv}",
            "Factura {inv}",
            "Fattura {inv}",
            "Zahlungserinnerung {inv}",
            "Relance facture {inv}",
        ),
        cores=(
            "anbei erhalten Sie unsere Rechnung {inv} über {cur} {amount}, zahlbar innerhalb "
            "von 30 Tagen ohne Abzug.",
            "veuillez trouver ci-joint notre facture n° {inv} d'un montant de {cur} {amount}, "
            "payable à 30 jours.",
            "adjuntamos la factura {inv} por importe de {cur} {amount}; vencimiento a 30 días.",
            "in allegato la fattura n. {inv} di {cur} {amount} relativa al milestone 2.",
            "unsere Rechnung {inv} ist seit 14 Tagen fällig; wir bitten um Überweisung des "
            "offenen Betrags von {cur} {amount}.",
            "sauf erreur de notre part, la facture {inv} reste impayée ; merci de procéder au "
            "règlement.",
            "le informamos de que el pago de la factura {inv} ({cur} {amount}) se ha "
            "realizado hoy por transferencia.",
            "Rechnung {inv} zur Bestellung {po} anbei, Betrag {cur} {amount}.",
            "ci-joint la facture {inv} correspondant à la commande {po}.",
            "vi inviamo la fattura {inv} riferita all'ordine {po}.",
        ),
        attachments=(("invoice_doc", "invoice"),),
        attach_rate=0.6,
    ),
    Act(
        "intl-other",
        "other",
        "any",
        subjects=(
            "AW: Angebot {qno}",
            "RE: Devis {qno}",
            "Bestellung {po}",
            "Bon de commande {po}",
            "Reunión de inicio",
            "Abwesenheitsnotiz",
            "Riunione di avvio",
        ),
        cores=(
            "vielen Dank für Ihr Angebot; wir prüfen es intern und melden uns nächste Woche.",
            "merci pour votre devis, nous le regardons en interne et revenons vers vous.",
            "gracias por la cotización; la revisaremos y le responderemos pronto.",
            "anbei unsere Bestellung {po} für die Studie {study_no}.",
            "veuillez trouver ci-joint notre bon de commande {po}.",
            "les échantillons sont bien arrivés ce matin, en bon état ; merci.",
            "können wir das Kick-off-Meeting auf Donnerstag verschieben?",
            "ich bin bis {date} nicht im Büro und habe keinen Zugriff auf E-Mails.",
            "vi proponiamo la riunione di avvio per martedì alle 15:00.",
            "hemos recibido las muestras en buen estado, gracias.",
            "nos commentaires sur le projet de rapport sont en pièce jointe.",
            "die Proben sind heute gut angekommen, alle Röhrchen vollständig.",
        ),
    ),
)

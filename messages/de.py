"""Every sentence the bot shows to users, in German (the default).

A German speaker can read and correct this file without reading any code. Templates use
`{name}` placeholders (values are HTML-escaped when filled in), `**bold**` and
`` `code` ``; a literal brace is written `{{` or `}}`. A text that counts something has
two forms: `….one` for exactly 1 ("1 neuer Sachstand") and `….other` for every other number
("0 neue Sachstände", "2 neue Sachstände").

Long because it is the whole catalogue: one file a translator reads from top to bottom.
"""

from __future__ import annotations

DE: dict[str, str] = {
    # --- argument names in usage lines
    "arg.measure": "<ID>",
    "arg.report_span": "[KW <n>|letzte Woche] [HF<n>]",
    "arg.field": "HF<n>",
    "arg.title": "<Titel>",
    "arg.code": "<Kürzel>",
    "arg.name": "<Name>",
    "arg.topic": "<Befehl>",
    "arg.text": "<Text>",
    # --- help: one line per command, then details with examples
    "help.title": "**europa-bot** – Befehle für den Aktionsplan „Hannover – internationale Stadt“",
    "help.footer": "Details zu einem Befehl: `!hilfe <Befehl>`, z. B. `!hilfe massnahme`.",
    "help.unknown_topic": "Zu „{topic}“ gibt es keine Hilfe. Befehle: {commands}",
    "help.examples": "Beispiele:",
    "help.line": "`{usage}` – {help}",
    "help.code": "`{code}`",
    "help.who": "Wer darf: {who}",
    "help.hilfe": "Übersicht aller Befehle oder Hilfe zu einem Befehl.",
    "help.hilfe.examples": "!hilfe\n!hilfe massnahme",
    "help.massnahme.neu": "Legt eine Maßnahme an; die Antwort nennt ihre ID (M1, M2, …). "
    "fb = federführender Fachbereich oder Partner, beteiligt = weitere (durch Komma getrennt), "
    "frist = Datum, prio = kurz/mittel/lang, ziel = Oberziel 1–3; mittel = zusätzlich oder "
    "bestehend, betrag = Euro, drucksache = Nummer der Drucksache, beschluss = offen, "
    "beschlossen oder abgelehnt.",
    "help.massnahme.neu.examples": (
        "!massnahme neu HF2 Sprachkurse für Beschäftigte fb=FB18 frist=31.03.2027\n"
        '!massnahme neu HF1 "Konzept Städtepartnerschaften" prio=kurz ziel=1\n'
        '!massnahme neu HF3 "Welcome Center" fb=OE-IA beteiligt=HMTG mittel=zusätzlich '
        'betrag="250.000 €" drucksache=1234/2026 beschluss=offen'
    ),
    "help.massnahme": "Zeigt eine Maßnahme: Handlungsfeld, Fachbereich, Status, Fortschritt, "
    "Frist.",
    "help.massnahme.examples": "!massnahme M1",
    "help.massnahme.aendern": "Ändert Katalogdaten einer Maßnahme, auch Beteiligte und "
    "Mittel (wie bei `!massnahme neu`); ein Wert - entfernt beteiligt, mittel, betrag, "
    "drucksache oder beschluss.",
    "help.massnahme.aendern.examples": (
        '!massnahme ändern M1 titel="Sprachkurse Englisch" prio=mittel\n'
        "!massnahme ändern M4 hf=HF3 fb=Dez-III beteiligt=HMTG,FB18\n"
        "!massnahme ändern M7 beschluss=beschlossen drucksache=1234/2026"
    ),
    "help.massnahmen": "Listet Maßnahmen, gefiltert nach Handlungsfeld, Fachbereich, Status "
    "oder überfällig.",
    "help.massnahmen.examples": "!massnahmen\n!massnahmen HF2 status=laufend\n"
    "!massnahmen fb=FB18 überfällig",
    "help.fb.neu": "Legt einen Fachbereich an, mit Raum und Kontaktpersonen (durch Komma "
    "getrennt); mit art=partner einen externen Partner des Plans.",
    "help.fb.neu.examples": (
        '!fb neu FB18 "Personal und Organisation" kontakt=@anna:example.org,@ben:example.org\n'
        "!fb neu Dez-III Kulturdezernat raum=#kultur:example.org\n"
        '!fb neu HMTG "Hannover Marketing und Tourismus GmbH" art=partner'
    ),
    "help.fb": "Zeigt einen Fachbereich; mit name=, raum=, kontakt= oder art= wird er "
    "geändert (nur Koordination). raum=- entfernt den Raum.",
    "help.fb.examples": "!fb FB18\n!fb FB18 kontakt=@anna:example.org raum=#fb18:example.org",
    "help.fachbereiche": "Listet alle Fachbereiche mit Kontakten.",
    "help.fachbereiche.examples": "!fachbereiche",
    # --- the plan's money and partners
    "help.mittel": "Listet die Maßnahmen mit zusätzlichem Mittelbedarf: Betrag, Drucksache "
    "und Beschluss, mit der Summe.",
    "help.mittel.examples": "!mittel",
    "funding.zusaetzlich": "zusätzlich",
    "funding.bestehend": "bestehend",
    "decision.offen": "offen",
    "decision.beschlossen": "beschlossen",
    "decision.abgelehnt": "abgelehnt",
    "party.fachbereich": "Fachbereich",
    "party.partner": "Partner",
    "label.involved": "Beteiligt",
    "label.funding": "Mittelbedarf",
    "label.amount_cents": "Betrag",
    "label.council_paper": "Drucksache",
    "label.decision": "Beschluss",
    "label.party_kind": "Art",
    "money.euro": "{amount} €",
    "number.decimal": ",",
    "funding.facts": "{funding} · {amount} · Drucksache {paper} · Beschluss: {decision}",
    "funding.heading.one": "**{n} Maßnahme mit zusätzlichem Mittelbedarf**: zusammen {total}, "
    "davon beschlossen {adopted}",
    "funding.heading.other": "**{n} Maßnahmen mit zusätzlichem Mittelbedarf**: zusammen "
    "{total}, davon beschlossen {adopted}",
    "funding.none": "Keine Maßnahme ist mit zusätzlichem Mittelbedarf eingetragen (`!massnahme "
    "ändern M… mittel=zusätzlich betrag=…`).",
    "funding.line": "M{id} {title} – {department} – {amount} – Drucksache {paper} – "
    "Beschluss: {decision}",
    "lead_and_involved": "{lead} (mit {involved})",
    "department.partner_suffix": " · Partner",
    "error.bad_funding": "„{value}“ ist kein Mittelbedarf. Möglich: zusätzlich, bestehend "
    "(- entfernt ihn).",
    "error.bad_decision": "„{value}“ ist kein Beschlussstand. Möglich: offen, beschlossen, "
    "abgelehnt (- entfernt ihn).",
    "error.bad_amount": "„{value}“ ist kein eindeutiger Betrag. Bitte in Euro schreiben, z. B. "
    "25000, 25.000 €, 25.000,50 € oder 1,5 Mio. €.",
    "error.amount_too_large": "„{value}“ ist mehr als 10 Milliarden Euro; bitte prüfen.",
    "error.bad_council_paper": "Die Drucksache braucht eine Nummer von höchstens {limit} "
    "Zeichen, z. B. drucksache=1234/2026.",
    "error.bad_party_kind": "„{value}“ ist keine Art. Möglich: fachbereich, partner.",
    "report.funding_heading": "Maßnahmen mit zusätzlichem Mittelbedarf",
    "report.funding_total": "Zusammen {total}; beschlossen {adopted}, offen {open}, "
    "abgelehnt {rejected}.",
    "report.no_funding": "Keine Maßnahme ist mit zusätzlichem Mittelbedarf eingetragen.",
    "report.col.amount": "Betrag",
    "report.col.council_paper": "Drucksache",
    "report.col.decision": "Beschluss",
    # --- roles
    "role.everyone": "alle im Raum",
    "role.member": "Mitglieder des Raums",
    "role.coordinator": "Koordinatorinnen und Koordinatoren (in der Konfiguration genannt "
    "oder mit Raum-Berechtigung ab 50)",
    # --- errors
    "error.usage": "{reason}\nRichtig: `{usage}`",
    "error.usage_many": "{reason}\nRichtig ist eine dieser Formen:",
    "error.internal": "Interner Fehler (Ref. {ref}). Die Änderung wurde nicht gespeichert; "
    "bitte später noch einmal versuchen.",
    "error.forbidden": "Diesen Befehl dürfen nur {who} verwenden.",
    "error.unknown_command_hint": "Unbekannter Befehl „!{word}“. Meinten Sie `!{suggestion}`? "
    "Alle Befehle: `!hilfe`",
    "error.too_long": "Die Nachricht ist zu lang (höchstens {limit} Zeichen).",
    "error.unclosed_quote": "Ein Anführungszeichen ist nicht geschlossen.",
    "error.missing": "Es fehlt: {what}.",
    "error.unexpected": "Damit kann ich nichts anfangen: „{text}“.",
    "error.unknown_option": "Unbekannte Angabe „{key}=“. Möglich sind: {options}.",
    "error.duplicate_option": "„{key}=“ ist doppelt angegeben.",
    "error.empty_option": "„{key}=“ braucht einen Wert.",
    "error.bad_measure_id": "„{value}“ ist keine Maßnahmen-ID (so: M7).",
    "error.bad_field": "„{value}“ ist kein Handlungsfeld (so: HF1 bis HF4).",
    "error.unknown_field": "Handlungsfeld {value} gibt es nicht. Vorhanden: {fields}.",
    "error.bad_code": "„{value}“ ist kein gültiges Kürzel (Buchstaben, Ziffern, . - /; "
    "höchstens 40 Zeichen, z. B. FB18, Dez-III, OE18.62).",
    "error.bad_priority": "„{value}“ ist keine Vordringlichkeit. Möglich: kurz, mittel, lang.",
    "error.bad_status": "„{value}“ ist kein Status. Möglich: geplant, laufend, verzögert, "
    "zurückgestellt, abgeschlossen.",
    "error.bad_goal": "„{value}“ ist kein Oberziel (eine Zahl, z. B. 2).",
    "error.unknown_goal": "Oberziel {value} gibt es nicht. Vorhanden: {goals}.",
    "error.bad_date": "„{value}“ verstehe ich nicht als Datum. So geht es: 31.03.2027, 31.3., "
    "2027-03-31, morgen, nächsten Freitag, in 2 Wochen, Ende März, KW 12, Ende Q2, Jahresende.",
    "error.past_date": "Der {date} liegt in der Vergangenheit. Welches Datum ist gemeint?",
    "error.date_weekday_mismatch": "In „{value}“ passen Wochentag und Datum nicht zusammen "
    "(der {date} ist ein anderer Wochentag). Welches Datum ist gemeint?",
    "error.date_too_far": "Der {date} liegt sehr weit in der Zukunft – ein Tippfehler? Bitte "
    "als TT.MM.JJJJ angeben.",
    "error.bad_report_week": "„{value}“ ist keine Woche. So geht es: KW 45, KW 45 2026, "
    "letzte Woche, vorletzte Woche oder ein Datum in der Woche (12.11.2026).",
    "error.week_to_come": "Die KW {week} {year} kommt erst noch; ein Bericht zeigt Vergangenes "
    "oder diese Woche.",
    "error.report_week_year": "KW {week} dieses Jahres kommt erst noch, die des letzten ist "
    "lange her: bitte das Jahr dazuschreiben (z. B. KW {week} 2025).",
    "error.report_two_fields": "Bitte nur ein Handlungsfeld nennen, nicht {fields}.",
    "error.bad_week": "Eine Kalenderwoche {week} gibt es nicht (KW 1 bis 52, manchmal 53).",
    "error.bad_quarter": "Ein Quartal {quarter} gibt es nicht (Q1 bis Q4).",
    "error.bad_half_year": "Ein Halbjahr {half} gibt es nicht (H1 oder H2).",
    "error.date_which_part_of_period": "„{value}“ ist kein bestimmter Tag. Meinen Sie Anfang "
    "oder Ende (z. B. „Ende Q3“)?",
    "error.date_day_not_in_month": "„{value}“: Diesen Tag hat der Monat nicht, er endet am "
    "{date}. Welches Datum ist gemeint?",
    "error.date_which_part_of_month": "„{value}“ ist kein bestimmter Tag. Meinen Sie Anfang, "
    "Mitte oder Ende des Monats (z. B. „Ende März“)?",
    "error.date_which_part_of_year": "„{value}“ ist kein bestimmter Tag. Meinen Sie das "
    "Jahresende (z. B. „Ende 2027“) oder ein Quartal (z. B. „Q2 2027“)?",
    "error.date_which_day": "„{value}“ ist kein bestimmter Tag. Welcher Wochentag, z. B. "
    "„Freitag nächste Woche“?",
    "error.date_which_part_of_next_month": "„{value}“ ist kein bestimmter Tag. Meinen Sie "
    "„Ende nächsten Monats“ oder ein Datum?",
    "error.date_slashes": "„{value}“ ist mehrdeutig (Tag/Monat oder Monat/Tag?). Bitte als "
    "TT.MM.JJJJ schreiben, z. B. 31.03.2027.",
    "error.bad_user_ids": "„{value}“ sind keine Matrix-Kennungen (so: @anna:example.org, "
    "mehrere mit Komma).",
    "error.bad_room": "„{value}“ ist kein Matrix-Raum (so: #raum:example.org oder "
    "!id:example.org; - entfernt den Raum).",
    "error.bad_title": "Der Titel darf nicht leer sein und höchstens {limit} Zeichen haben.",
    "error.bad_name": "Der Name darf nicht leer sein und höchstens {limit} Zeichen haben.",
    "error.measure_not_found": "Maßnahme M{id} gibt es nicht. `!massnahmen` listet alle.",
    "error.department_not_found": "Fachbereich „{code}“ gibt es nicht. `!fachbereiche` listet "
    "alle; anlegen mit `!fb neu`.",
    "error.department_exists": "Fachbereich „{code}“ gibt es schon.",
    "error.nothing_to_change": "Es ist nichts zu ändern angegeben.",
    # --- what things are called
    "label.field": "Handlungsfeld",
    "label.goal": "Oberziel",
    "label.department": "Fachbereich",
    "label.status": "Status",
    "label.progress": "Fortschritt",
    "label.deadline": "Frist",
    "label.priority": "Vordringlichkeit",
    "label.title": "Titel",
    "label.room": "Raum",
    "label.contacts": "Kontakte",
    "label.name": "Name",
    "none": "–",
    "quoted": "„{text}“",
    "none_contacts": "ohne Kontakt",
    "status.geplant": "geplant",
    "status.laufend": "laufend",
    "status.verzoegert": "verzögert",
    "status.zurueckgestellt": "zurückgestellt",
    "status.abgeschlossen": "abgeschlossen",
    "priority.kurz": "kurzfristig",
    "priority.mittel": "mittelfristig",
    "priority.lang": "langfristig",
    "weekday": "Mo Di Mi Do Fr Sa So",
    "days.today": "heute",
    "days.future.one": "morgen",
    "days.future.other": "in {n} Tagen",
    "days.overdue.one": "seit gestern überfällig",
    "days.overdue.other": "seit {n} Tagen überfällig",
    # a number of days inside other sentences; `days.count` may name several ("14, 3 und 0")
    "days.count.one": "{days} Tag",
    "days.count.other": "{days} Tage",
    "days.every.one": "täglich",
    "days.every.other": "alle {n} Tage",
    "days.last.one": "des letzten Tages",
    "days.last.other": "der letzten {n} Tage",
    "days.next.one": "des nächsten Tages",
    "days.next.other": "der nächsten {n} Tage",
    "days.next_and_last.one": "des nächsten und letzten Tages",
    "days.next_and_last.other": "der nächsten und letzten {n} Tage",
    # --- measures
    "measure.created": "✅ Maßnahme **M{id}** angelegt: {title}",
    "measure.heading": "**M{id}** – {title}",
    "measure.line": "M{id} {title} – {field} · {department} · {status} · {progress} % · "
    "Frist {deadline}",
    "measure.fact": "{label}: {value}",
    "measure.field_label": "{code} {name}",
    "measure.goal_label": "{number} {name}",
    "measure.no_updates": "Sachstände: noch keiner",
    "measure.edited": "✏️ M{id} geändert:",
    "measure.change": "{label}: {before} → {after}",
    "measure.unchanged": "M{id}: Es hat sich nichts geändert (die Werte waren schon so).",
    "measures.heading.one": "**{n} Maßnahme**{filters}",
    "measures.heading.other": "**{n} Maßnahmen**{filters}",
    "measures.none": "Keine Maßnahmen gefunden{filters}.",
    "measures.filters": " ({filters})",
    "measures.filter_overdue": "überfällig",
    # --- departments
    "department.created": "✅ Fachbereich **{code}** angelegt: {name}",
    "department.heading": "**{code}** – {name}",
    "department.label": "{code} – {name}",
    "department.edited": "✏️ Fachbereich {code} geändert:",
    "department.unchanged": "Fachbereich {code}: Es hat sich nichts geändert.",
    "department.line": "{code} – {name}{partner} · {contacts}{room}",
    "department.room_suffix": " · Raum {room}",
    "departments.heading.one": "**{n} Fachbereich**",
    "departments.heading.other": "**{n} Fachbereiche**",
    "departments.none": "Noch keine Fachbereiche. Anlegen mit `!fb neu <Kürzel> <Name>`.",
    # --- away and deputies
    "help.abwesend": "Trägt Sie als abwesend ein, bis einschließlich zum genannten Tag. Bis "
    "dahin nennen Erinnerungen und Fragen Ihre Vertretung (vertretung=) statt Sie, ohne "
    "Vertretung die übrigen Kontakte des Fachbereichs oder die Koordination; die Vertretung "
    "darf solange auch Fristen setzen und Erinnerungen bestätigen. Ein neues `!abwesend` "
    "ersetzt das alte, `!zurück` beendet es vorzeitig.",
    "help.abwesend.examples": "!abwesend bis 18.12.2026 vertretung=@ben:example.org\n"
    "!abwesend bis Ende Januar",
    "help.zurueck": "Beendet Ihre Abwesenheit vor dem eingetragenen Tag.",
    "help.zurueck.examples": "!zurück",
    "arg.until": "bis <Datum>",
    "role.any_contact": "Koordinatorinnen und Koordinatoren sowie die Kontaktpersonen der "
    "Fachbereiche",
    "error.bad_deputy": "„{value}“ ist keine einzelne Matrix-Kennung (so: "
    "vertretung=@ben:example.org).",
    "error.deputy_is_sender": "Sie können sich nicht selbst vertreten; bitte eine andere Person "
    "als vertretung= nennen.",
    "absence.set_deputy": "✅ Abwesend bis **{date}**; Vertretung: {deputy}",
    "absence.set_alone": "✅ Abwesend bis **{date}**, ohne Vertretung.",
    "absence.instead": "Bis dahin nennen Erinnerungen und Fragen: {who}",
    "absence.back": "👋 Willkommen zurück! Erinnerungen und Fragen nennen wieder Sie.",
    "absence.not_away": "Sie waren nicht als abwesend eingetragen.",
    "absence.withdrawn": "↩️ Abwesenheit bis {date} zurückgenommen.",
    "contact.away": "{contact} (abwesend bis {until})",
    "contact.away_deputy": "{contact} (abwesend bis {until}, Vertretung {deputy})",
    "arg.date": "<Datum>",
    "role.department": "Koordinatorinnen und Koordinatoren sowie die Kontaktpersonen des "
    "zuständigen Fachbereichs (und ihre Vertretung, solange sie abwesend sind)",
    "help.update": "Hält einen Sachstand fest, optional mit Status und Fortschritt in Prozent "
    "(auch als 40%). Status: geplant, laufend, verzögert, zurückgestellt, abgeschlossen. "
    "Fortschritt über 0 % setzt eine geplante Maßnahme auf laufend, wenn kein Status "
    "angegeben ist. Eine bearbeitete Nachricht korrigiert den Sachstand, eine gelöschte zieht "
    "ihn zurück.",
    "help.update.examples": "!update M1 Erste Kurse gestartet status=laufend fortschritt=20\n"
    "!sachstand M4 Ausschreibung läuft 40%",
    "help.verlauf": "Zeigt den vollständigen Verlauf einer Maßnahme: Anlage, Änderungen, "
    "Sachstände, Fristen, Korrekturen, Rücknahmen – mit wer und wann.",
    "help.verlauf.examples": "!verlauf M1\n!verlauf M1 seite=2",
    "help.frist": "Setzt oder verschiebt die Frist. Datum z. B. 31.03.2027, 31.3., "
    "nächsten Freitag, in 2 Wochen, Ende März, Mitte April, Anfang Mai, KW 12 (= Freitag "
    "der Kalenderwoche), Ende Q2, Jahresende. Ohne Jahr gilt das nächste solche Datum; "
    "Vergangenes und Mehrdeutiges wird nachgefragt.",
    "help.frist.examples": "!frist M3 31.03.2028\n!frist M3 Ende März\n!frist M3 KW 12",
    "help.fristen": "Listet überfällige Fristen und die der nächsten Tage (Standard: "
    "{default_days}).",
    "help.fristen.examples": "!fristen\n!fristen tage=90",
    "error.bad_progress": "„{value}“ ist kein Fortschritt (eine Zahl von 0 bis 100, z. B. 40 "
    "oder 40%).",
    "error.bad_number": "„{value}“ ist keine Zahl von {low} bis {high}.",
    "error.bad_update_text": "Der Sachstand braucht einen Text von höchstens {limit} Zeichen.",
    "error.edit_other_measure": "Eine Korrektur muss dieselbe Maßnahme (M{id}) betreffen. Für "
    "eine andere Maßnahme bitte eine neue Nachricht schreiben.",
    "error.edit_not_supported": "Bearbeitungen dieses Befehls übernehme ich nicht. Bitte eine "
    "neue Nachricht schreiben: `{usage}`",
    "error.no_such_page": "Seite {page} gibt es nicht.",
    "label.text": "Text",
    "update.saved": "📝 Sachstand zu **M{id}** gespeichert. Status: {status} · Fortschritt: "
    "{progress} %",
    "update.before": "(vorher: {status} · {progress} %)",
    "update.started": "Die Maßnahme war geplant; mit dem Fortschritt steht sie jetzt auf "
    "{status}. Soll sie geplant bleiben: `status=geplant` angeben.",
    "update.corrected": "✏️ Sachstand zu **M{id}** korrigiert. Status jetzt: {status} · "
    "Fortschritt: {progress} %",
    "update.correction_unchanged": "Sachstand zu M{id}: Die Korrektur ändert nichts.",
    "update.withdrawn": "↩️ Sachstand zu **M{id}** vom {when} zurückgezogen. Status jetzt: "
    "{status} · Fortschritt: {progress} %",
    "update.line": "{when} · {who}: {text}{facts}",
    "update.facts": " ({facts})",
    "measure.updates_heading": "Letzte Sachstände",
    "history.heading.one": "**Verlauf von M{id}** – {title} ({n} Eintrag)",
    "history.heading.other": "**Verlauf von M{id}** – {title} ({n} Einträge)",
    "history.older.one": "… {n} älterer Eintrag: `{command}`",
    "history.older.other": "… {n} ältere Einträge: `{command}`",
    "history.entry": "{when} · {who} · {what}",
    "history.created": "angelegt: „{title}“ ({field})",
    "history.edited": "Katalog geändert: {changes}",
    "history.department_edited": "Fachbereich geändert: {changes}",
    "history.update": "Sachstand: „{text}“{facts}{marks}",
    "history.update_corrected": "Sachstand korrigiert: {changes}",
    "history.update_withdrawn": "Sachstand zurückgezogen: „{text}“",
    "history.deadline": "{changes}",
    "history.deadline_corrected": "korrigiert – {changes}",
    "history.deadline_withdrawn": "zurückgenommen – {changes}",
    "history.department_created": "Fachbereich angelegt: {code} – {name}",
    "history.reminder_acknowledged": "Erinnerung „{stage}“ zur Kenntnis genommen (Frist {date})",
    "history.mark_corrected": "korrigiert",
    "history.mark_withdrawn": "zurückgezogen",
    "history.marks": " [{marks}]",
    "deadline.set": "📅 Frist von **M{id}** auf **{date}** gesetzt ({distance}; vorher: {before}).",
    "deadline.corrected": "✏️ Frist von **M{id}** korrigiert: {before} → **{date}**.",
    "deadline.withdrawn": "↩️ Frist von **M{id}** zurückgenommen; sie ist wieder: {date}.",
    "deadline.withdraw_moved": "Die Frist von M{id} wurde seitdem geändert und bleibt: {date}.",
    "deadlines.heading": "**Fristen** (Stand {date})",
    "deadlines.none.one": "Keine offenen Fristen, weder überfällig noch bis morgen.",
    "deadlines.none.other": "Keine offenen Fristen, weder überfällig noch in den nächsten {n} "
    "Tagen.",
    "deadlines.overdue": "Überfällig ({n})",
    "deadlines.upcoming.one": "Bis morgen ({due})",
    "deadlines.upcoming.other": "In den nächsten {n} Tagen ({due})",
    "deadlines.line": "M{id} {title} – {department} – {date} ({distance})",
    "measures.more_short.one": "… und {n} weiterer Eintrag",
    "measures.more_short.other": "… und {n} weitere Einträge",
    "redaction.not_supported": "Hinweis: Das Löschen der Nachricht macht „{command}“ nicht "
    "rückgängig. Bitte mit `!massnahme ändern` bzw. `!fb` korrigieren.",
    "help.erinnerungen": "Zeigt geplante und gesendete Erinnerungen: zu einer Maßnahme alle, "
    "sonst die {list_days}. Erinnerungen gehen {days_before} vor der Frist um {time} Uhr an "
    "den Fachbereich (an Wochenenden und Feiertagen in Niedersachsen am Werktag davor), danach "
    "{overdue_every} als Eskalation an die Gruppe. Mit ✅ auf eine Erinnerung bestätigen "
    "Kontaktpersonen, dass sie sie zur Kenntnis genommen haben.",
    "help.erinnerungen.examples": "!erinnerungen\n!erinnerungen M7",
    "reminders.daily.headline.one": "⏰ **Erinnerung** zu {n} Maßnahme",
    "reminders.daily.headline.other": "⏰ **Erinnerungen** zu {n} Maßnahmen",
    "reminders.daily.before": "Fristen ({n})",
    "reminders.daily.overdue": "⚠️ Überfällig ({n})",
    "reminders.daily.questions": "Bitte um einen Sachstand ({n})",
    "reminders.daily.deadline": "**M{id}** „{title}“ – Frist **{date}** ({distance}) – "
    "{department}: {contacts}",
    "reminders.daily.question": "**M{id}** „{title}“ – letzter Sachstand am {last} – "
    "{department}: {contacts}",
    "reminders.daily.never_updated": "**M{id}** „{title}“ – noch kein Sachstand – "
    "{department}: {contacts}",
    "reminders.daily.escalated": "Zur Kenntnis an die Koordination: {coordinators}",
    "reminders.daily.how": "Sachstand melden: `!update M{id} …`, neue Frist: "
    "`!frist M{id} <Datum>`. Ein ✅ auf diese Nachricht bestätigt alle genannten Erinnerungen.",
    "outbox.room_problem": "⚠️ In den Raum {room} kann ich nicht schreiben (nicht beigetreten "
    "oder keine Berechtigung). Erinnerungen für diesen Fachbereich kommen deshalb hierher. "
    "Bitte laden Sie mich in den Raum ein oder ändern Sie ihn mit `!fb … raum=`.",
    "reminders.heading_one": "**Erinnerungen zu M{id}** (Frist {date})",
    "reminders.heading_all": "**Erinnerungen** {days}",
    "reminders.none": "Keine geplanten oder gesendeten Erinnerungen.",
    "reminders.planned": "Geplant ({n})",
    "reminders.sent": "Gesendet ({n})",
    "reminders.planned_line": "{when} · M{id} {title} · {stage}",
    "reminders.sent_line": "{when} · M{id} · {stage}{ack}",
    "reminders.stage_before.one": "{n} Tag vor der Frist",
    "reminders.stage_before.other": "{n} Tage vor der Frist",
    "reminders.stage_due_day": "am Tag der Frist",
    "reminders.stage_overdue": "überfällig (Tag {n})",
    "reminders.acknowledged": " · zur Kenntnis genommen von {who} am {when}",
    "reminders.ack_line": "Erinnerung „{stage}“ zur Kenntnis genommen von {who} am {when}",
    "measure.acks_heading": "Erinnerungen",
    "help.bericht": "Der Wochenbericht: je Handlungsfeld Maßnahmen nach Status, mittlerer "
    "Fortschritt, Sachstände und Statuswechsel {window_days}, Fristen {due_soon_days}, "
    "Überfälliges, laufende Maßnahmen ohne Sachstand; mit Diagramm (auch dem Fortschritt der "
    "letzten 12 Wochen). Mit einer Woche (KW 45, letzte Woche, ein Datum darin) so, wie der "
    "Plan am Ende dieser Woche stand; mit HF<n> nur dieses Handlungsfeld; mit fb= nur die "
    "Maßnahmen eines Fachbereichs oder Partners (federführend oder beteiligt).",
    "help.bericht.examples": "!bericht\n!bericht HF2\n!bericht KW 45\n"
    "!bericht letzte Woche fb=FB18\n!bericht KW 45 2026 HF3",
    "digest.headline": "📊 **Woche {week}: {updates}, {overdue}** (Stand {date})",
    "digest.new_updates.one": "{n} neuer Sachstand",
    "digest.new_updates.other": "{n} neue Sachstände",
    "digest.missed.one": "{n} Frist überschritten",
    "digest.missed.other": "{n} Fristen überschritten",
    "digest.as_of_past": "So stand der Plan am Ende der KW {week}, aus dem Verlauf rekonstruiert.",
    "digest.only_party": "Nur die Maßnahmen, die {department} federführend betreut oder an "
    "denen {department} beteiligt ist.",
    "digest.field": "{code} – {name}",
    "digest.status_line.one": "{n} Maßnahme: {statuses} · mittlerer Fortschritt {progress}",
    "digest.status_line.other": "{n} Maßnahmen: {statuses} · mittlerer Fortschritt {progress}",
    "digest.update": "Sachstand M{id} ({when}, {who}): {text}",
    "digest.status_change": "Statuswechsel M{id}: {before} → {after} ({who})",
    "digest.due": "Frist M{id} {title}: {date} ({distance}) – {department}",
    "digest.overdue": "Überfällig M{id} {title}: {date} ({distance}) – {department}",
    "digest.stale": "Ohne Sachstand seit langem: M{id} {title}",
    "digest.acknowledged": "Erinnerung zu M{id} zur Kenntnis genommen ({who}, {when})",
    "digest.quiet": "Keine Sachstände, Fristen oder Auffälligkeiten.",
    "digest.without_contact": "Fachbereiche und Partner ohne Kontakt (niemand wird erinnert): "
    "{codes}",
    "chart.title": "Maßnahmen je Handlungsfeld – KW {week}",
    "chart.measures": "Maßnahmen",
    "chart.week": "KW {week}",
    "chart.trend": "Mittlerer Fortschritt je Handlungsfeld, letzte {weeks} Wochen",
    "chart.progress": "mittlerer Fortschritt in %",
    # --- catalogue uploads
    "help.import.bestaetigen": "Übernimmt eine Katalogdatei (CSV), die eine Koordinatorin oder "
    "ein Koordinator in den Gruppenraum hochgeladen hat, nach ihrem Probelauf. Den Code nennt "
    "die Antwort auf die Datei; er gilt 30 Minuten und nur für die Person, die hochgeladen hat.",
    "help.import.bestaetigen.examples": "!import bestätigen K7Q2XF",
    "arg.upload_code": "<Code>",
    "upload.unreadable": "📄 Die Datei „{name}“ kann ich nicht laden oder entschlüsseln. Bitte "
    "noch einmal hochladen.",
    "upload.too_large": "📄 Die Datei „{name}“ ist größer als {mib} MiB; bitte in kleinere "
    "Dateien aufteilen.",
    "upload.unreachable": "📄 Die Datei „{name}“ ist auf ihrem Server gerade nicht zu erreichen. "
    "Bitte später noch einmal hochladen.",
    "upload.failed.one": "📄 Probelauf für „{name}“: {n} Fehler, nichts würde übernommen. Bitte "
    "korrigieren und neu hochladen:",
    "upload.failed.other": "📄 Probelauf für „{name}“: {n} Fehler, nichts würde übernommen. "
    "Bitte korrigieren und neu hochladen:",
    "upload.nothing": "📄 Probelauf für „{name}“: {summary} – der Katalog hat schon diesen Stand, "
    "es gibt nichts zu übernehmen.",
    "upload.dry_run": "📄 **Probelauf** für „{name}“ (noch nichts übernommen): {summary}.",
    "upload.confirm": "Übernehmen mit `{command}` – nur {uploader}, gültig bis {until} Uhr.",
    "upload.summary": "{created} neu, {updated} geändert, {unchanged} unverändert",
    "upload.measures.one": "{n} Maßnahme",
    "upload.measures.other": "{n} Maßnahmen",
    "upload.new_ids": "Neu: {ids}",
    "upload.changed_ids": "Geändert: {ids}",
    "upload.applied": "✅ Katalog „{name}“ übernommen: {summary}.",
    "error.bad_upload_code": "„{value}“ ist kein Bestätigungscode (6 Zeichen, z. B. K7Q2XF).",
    "error.upload_unknown": "Einen Import mit dem Code {code} gibt es in diesem Raum nicht.",
    "error.upload_not_yours": "Diesen Import kann nur {uploader} bestätigen, der bzw. die die "
    "Datei hochgeladen hat.",
    "error.upload_applied": "Der Import {code} ist schon übernommen.",
    "error.upload_expired": "Der Code {code} ist abgelaufen (er gilt 30 Minuten). Bitte die "
    "Datei neu hochladen.",
    "error.upload_now_fails": "„{name}“ lässt sich inzwischen nicht mehr übernehmen, nichts "
    "wurde geändert: {errors}",
    "help.export": "Lädt alle Maßnahmen als CSV-Datei hoch (für Excel und LibreOffice).",
    "help.export.examples": "!export",
    "export.done.one": "📄 {n} Maßnahme als {name}",
    "export.done.other": "📄 {n} Maßnahmen als {name}",
    "import.update": "Stand laut Import",
    "report.title": "Sachstandsbericht zum Handlungskonzept „Hannover – internationale Stadt“, "
    "{start} bis {end}",
    "report.summary": "{measures}, {updates} im Berichtszeitraum.",
    "report.measures.one": "{n} Maßnahme",
    "report.measures.other": "{n} Maßnahmen",
    "report.updates.one": "{n} Sachstand",
    "report.updates.other": "{n} Sachstände",
    "report.update": "{date} – M{id} {title}: {text}",
    "report.update_with_status": "{date} – M{id} {title} ({status}): {text}",
    "report.narrative": "Entwicklung im Berichtszeitraum",
    "report.no_updates": "Keine Sachstände im Berichtszeitraum.",
    "report.col.id": "Nr.",
    "report.col.title": "Maßnahme",
    "report.col.department": "Fachbereich",
    "report.col.status": "Status",
    "report.col.progress": "Fortschritt",
    "report.col.deadline": "Frist",
    # --- CSV import: each error names the line of the file (the column names are the file
    # format and stay German in every language)
    "csv.too_large": "Die Datei ist größer als {mib} MiB; bitte in kleinere Dateien aufteilen",
    "csv.not_csv": "Das ist {kind}, keine CSV-Datei, bitte als CSV (Trennzeichen Semikolon) "
    "speichern",
    "csv.kind.png": "ein PNG-Bild",
    "csv.kind.jpeg": "ein JPEG-Bild",
    "csv.kind.gif": "ein GIF-Bild",
    "csv.kind.pdf": "ein PDF",
    "csv.kind.zip": "eine ZIP-Datei (z. B. eine Excel-Arbeitsmappe .xlsx)",
    "csv.kind.xls": "eine alte Excel-Arbeitsmappe (.xls)",
    "csv.kind.gzip": "eine gzip-Datei",
    "csv.utf16_unreadable": "Die Datei ist kein lesbares UTF-16; bitte als „CSV UTF-8“ speichern",
    "csv.utf16_without_bom": "Die Datei ist UTF-16 ohne BOM; bitte als „CSV UTF-8“ speichern",
    "csv.nul_byte": "Zeile {line}: enthält ein Nullbyte, das ist keine Textdatei; bitte als CSV "
    "(Trennzeichen Semikolon) speichern",
    "csv.stray_byte": "Zeile {line}: das Byte 0x{byte} ist weder UTF-8 noch Windows-1252; "
    "bitte als „CSV UTF-8“ speichern",
    "csv.too_many_rows": "Zeile {line}: mehr als {limit} Zeilen in einer Datei; bitte in "
    "kleinere Dateien aufteilen",
    "csv.field_too_long": "Zeile {line}: ein Feld ist länger als {kib} KiB (ein "
    "Anführungszeichen nicht geschlossen?)",
    "csv.unreadable_row": "Zeile {line}: keine lesbare CSV-Zeile",
    "csv.empty": "Zeile 1: die Datei ist leer (erwartet: {columns})",
    "csv.missing_columns.one": "Zeile 1: es fehlt die Spalte {missing} (erwartet: {columns})",
    "csv.missing_columns.other": "Zeile 1: es fehlen die Spalten {missing} (erwartet: {columns})",
    "csv.bad_row": "Zeile {line}: {reason}",
    "csv.unknown_field": "Zeile {line}: Handlungsfeld {field} gibt es nicht (vorhanden: {fields})",
    "csv.unknown_department": "Zeile {line}: Einen Fachbereich oder Partner „{department}“ gibt "
    "es nicht (zuerst mit !fb neu anlegen)",
    "csv.unknown_goal": "Zeile {line}: Oberziel {goal} gibt es nicht",
    "csv.duplicate_id": "Zeile {line}: M{id} steht schon in Zeile {first}",
    "number.thousands": ".",
    "and": "und",
    # --- the command line (europa-bot check-config / export / import / report)
    "cli.config_problems.one": "europa-bot: Die Konfiguration hat {n} Problem:",
    "cli.config_problems.other": "europa-bot: Die Konfiguration hat {n} Probleme:",
    "cli.config_ok": "{path}: OK (Räume: {rooms}, Koordination: {coordinators})",
    "cli.reset_needs_password": "europa-bot: Ein Reset braucht das Passwort des Bots ({env}).",
    "cli.cross_signing": "Cross-Signing: {state}",
    "cli.exported.one": "{n} Maßnahme nach {path} geschrieben.",
    "cli.exported.other": "{n} Maßnahmen nach {path} geschrieben.",
    "cli.unreadable": "{path}: kann nicht gelesen werden ({reason})",
    "cli.import_failed.one": "{path}: nichts importiert, {n} Fehler:",
    "cli.import_failed.other": "{path}: nichts importiert, {n} Fehler:",
    "cli.imported.one": "{path}: Import hat {n} Maßnahme angelegt, {updated} geändert, "
    "{unchanged} unverändert.",
    "cli.imported.other": "{path}: Import hat {n} Maßnahmen angelegt, {updated} geändert, "
    "{unchanged} unverändert.",
    "cli.would_import.one": "{path}: Import würde {n} Maßnahme anlegen, {updated} ändern, "
    "{unchanged} unverändert lassen. (Probelauf: nichts gespeichert)",
    "cli.would_import.other": "{path}: Import würde {n} Maßnahmen anlegen, {updated} ändern, "
    "{unchanged} unverändert lassen. (Probelauf: nichts gespeichert)",
    "cli.created": "neu: {ids}",
    "cli.updated": "geändert: {ids}",
    "cli.backup_written": "Sicherung der Datenbank nach {path} geschrieben.",
    "cli.backup_not_sqlite": "Die Datenbank ist kein SQLite; PostgreSQL wird mit pg_dump "
    "gesichert (siehe README).",
    "cli.backup_failed": "Sicherung fehlgeschlagen: {reason}",
    "cli.report_written": "Sachstandsbericht {start}–{end} nach {path} geschrieben.",
    "undecryptable.notice": "⚠️ {user}: Ihre verschlüsselte Nachricht kann ich nicht lesen – "
    "mir fehlt der Schlüssel dazu. Bitte schicken Sie sie noch einmal; hilft das nicht, "
    "prüfen Sie in Element, ob Ihre Sitzung verifiziert ist.",
    "page.more.one": "… {n} weiterer Eintrag: `{command}`",
    "page.more.other": "… {n} weitere Einträge: `{command}`",
    "outbox.refused_message": "⚠️ Meine Antwort wurde vom Server abgelehnt und kann nicht "
    "gesendet werden ({reason}). Bitte die Anfrage enger fassen, z. B. mit `seite=`.",
    "outbox.refused_file": "⚠️ Die Datei „{name}“ wurde vom Server abgelehnt und kann nicht "
    "gesendet werden ({reason}).",
}

"""Every sentence the bot shows to users, in German and English, in one place.

A German speaker can read and correct this file without reading any code. Templates use
`{name}` placeholders (values are HTML-escaped when filled in), `**bold**` and
`` `code` ``; a literal brace is written `{{` or `}}`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from commands.reply import Text

DE: dict[str, str] = {
    # --- argument names in usage lines
    "arg.measure": "<ID>",
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
    "fb = Fachbereich, frist = Datum, prio = kurz/mittel/lang, ziel = Oberziel 1–3.",
    "help.massnahme.neu.examples": (
        "!massnahme neu HF2 Sprachkurse für Beschäftigte fb=FB18 frist=31.03.2027\n"
        '!massnahme neu HF1 "Konzept Städtepartnerschaften" prio=kurz ziel=1'
    ),
    "help.massnahme": "Zeigt eine Maßnahme: Handlungsfeld, Fachbereich, Status, Fortschritt, "
    "Frist.",
    "help.massnahme.examples": "!massnahme M1",
    "help.massnahme.aendern": "Ändert Katalogdaten einer Maßnahme.",
    "help.massnahme.aendern.examples": (
        '!massnahme ändern M1 titel="Sprachkurse Englisch" prio=mittel\n'
        "!massnahme ändern M4 hf=HF3 fb=Dez-III"
    ),
    "help.massnahmen": "Listet Maßnahmen, gefiltert nach Handlungsfeld, Fachbereich, Status "
    "oder überfällig.",
    "help.massnahmen.examples": "!massnahmen\n!massnahmen HF2 status=laufend\n"
    "!massnahmen fb=FB18 überfällig",
    "help.fb.neu": "Legt einen Fachbereich an, mit Raum und Kontaktpersonen (durch Komma "
    "getrennt).",
    "help.fb.neu.examples": (
        '!fb neu FB18 "Personal und Organisation" kontakt=@anna:example.org,@ben:example.org\n'
        "!fb neu Dez-III Kulturdezernat raum=#kultur:example.org"
    ),
    "help.fb": "Zeigt einen Fachbereich; mit name=, raum= oder kontakt= wird er geändert "
    "(nur Koordination). raum=- entfernt den Raum.",
    "help.fb.examples": "!fb FB18\n!fb FB18 kontakt=@anna:example.org raum=#fb18:example.org",
    "help.fachbereiche": "Listet alle Fachbereiche mit Kontakten.",
    "help.fachbereiche.examples": "!fachbereiche",
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
    "error.unknown_command": "Unbekannter Befehl „!{word}“. Alle Befehle: `!hilfe`",
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
    "error.bad_status": "„{value}“ ist kein Status. Möglich: {statuses}.",
    "error.bad_goal": "„{value}“ ist kein Oberziel (eine Zahl, z. B. 2).",
    "error.unknown_goal": "Oberziel {value} gibt es nicht. Vorhanden: {goals}.",
    "error.bad_date": "„{value}“ verstehe ich nicht als Datum. So geht es: 31.03.2027, 31.3., "
    "2027-03-31, morgen, nächsten Freitag, in 2 Wochen, Ende März, KW 12, Ende Q2, Jahresende.",
    "error.past_date": "Der {date} liegt in der Vergangenheit. Welches Datum ist gemeint?",
    "error.date_weekday_mismatch": "In „{value}“ passen Wochentag und Datum nicht zusammen "
    "(der {date} ist ein anderer Wochentag). Welches Datum ist gemeint?",
    "error.date_too_far": "Der {date} liegt sehr weit in der Zukunft – ein Tippfehler? Bitte "
    "als TT.MM.JJJJ angeben.",
    "error.bad_week": "Eine Kalenderwoche {week} gibt es nicht (KW 1 bis 52, manchmal 53).",
    "error.bad_quarter": "Ein Quartal {quarter} gibt es nicht (Q1 bis Q4).",
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
    "days.future": "in {n} Tagen",
    "days.tomorrow": "morgen",
    "days.overdue": "seit {n} Tagen überfällig",
    "days.overdue_one": "seit gestern überfällig",
    # --- measures
    "measure.created": "✅ Maßnahme **M{id}** angelegt: {title}",
    "measure.heading": "**M{id}** – {title}",
    "measure.line": "M{id} {title} – {field} · {department} · {status} · {progress} % · "
    "Frist {deadline}",
    "measure.fact": "{label}: {value}",
    "measure.no_updates": "Sachstände: noch keiner",
    "measure.edited": "✏️ M{id} geändert:",
    "measure.change": "{label}: {before} → {after}",
    "measure.unchanged": "M{id}: Es hat sich nichts geändert (die Werte waren schon so).",
    "measures.heading": "**Maßnahmen**{filters}: {total}",
    "measures.none": "Keine Maßnahmen gefunden{filters}.",
    "measures.filter_overdue": "überfällig",
    # --- departments
    "department.created": "✅ Fachbereich **{code}** angelegt: {name}",
    "department.heading": "**{code}** – {name}",
    "department.edited": "✏️ Fachbereich {code} geändert:",
    "department.unchanged": "Fachbereich {code}: Es hat sich nichts geändert.",
    "department.line": "{code} – {name} · {contacts}{room}",
    "department.room_suffix": " · Raum {room}",
    "departments.heading": "**Fachbereiche**: {total}",
    "departments.none": "Noch keine Fachbereiche. Anlegen mit `!fb neu <Kürzel> <Name>`.",
    "department.measures": "Maßnahmen: {count}",
    "arg.date": "<Datum>",
    "role.department": "Koordinatorinnen und Koordinatoren sowie die Kontaktpersonen des "
    "zuständigen Fachbereichs",
    "help.update": "Hält einen Sachstand fest, optional mit Status und Fortschritt in Prozent "
    "(auch als 40%). Status: geplant, laufend, verzögert, zurückgestellt, abgeschlossen. "
    "Eine bearbeitete Nachricht korrigiert den Sachstand, eine gelöschte zieht ihn zurück.",
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
    "help.fristen": "Listet überfällige Fristen und die der nächsten Tage (Standard: 30).",
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
    "update.corrected": "✏️ Sachstand zu **M{id}** korrigiert. Status jetzt: {status} · "
    "Fortschritt: {progress} %",
    "update.correction_unchanged": "Sachstand zu M{id}: Die Korrektur ändert nichts.",
    "update.withdrawn": "↩️ Sachstand zu **M{id}** vom {when} zurückgezogen. Status jetzt: "
    "{status} · Fortschritt: {progress} %",
    "update.line": "{when} · {who}: {text}{facts}",
    "measure.updates_heading": "Letzte Sachstände",
    "history.heading": "**Verlauf von M{id}** – {title} ({total} Einträge)",
    "history.older": "… {n} ältere Einträge: `!verlauf M{id} seite={page}`",
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
    "history.mark_corrected": "korrigiert",
    "history.mark_withdrawn": "zurückgezogen",
    "deadline.set": "📅 Frist von **M{id}** auf **{date}** gesetzt ({distance}; vorher: {before}).",
    "deadline.corrected": "✏️ Frist von **M{id}** korrigiert: {before} → **{date}**.",
    "deadline.withdrawn": "↩️ Frist von **M{id}** zurückgenommen; sie ist wieder: {date}.",
    "deadline.withdraw_moved": "Die Frist von M{id} wurde seitdem geändert und bleibt: {date}.",
    "deadlines.heading": "**Fristen** (Stand {date})",
    "deadlines.none": "Keine offenen Fristen, weder überfällig noch in den nächsten {days} Tagen.",
    "deadlines.overdue": "Überfällig ({n})",
    "deadlines.upcoming": "In den nächsten {days} Tagen ({n})",
    "deadlines.line": "M{id} {title} – {department} – {date} ({distance})",
    "measures.more_short": "… und {n} weitere",
    "redaction.not_supported": "Hinweis: Das Löschen der Nachricht macht „{command}“ nicht "
    "rückgängig. Bitte mit `!massnahme ändern` bzw. `!fb` korrigieren.",
    "help.erinnerungen": "Zeigt geplante und gesendete Erinnerungen: zu einer Maßnahme alle, "
    "sonst die der nächsten und letzten 14 Tage. Erinnerungen gehen 14, 3 und 0 Tage vor der "
    "Frist um 9 Uhr an den Fachbereich (an Wochenenden und Feiertagen in Niedersachsen am "
    "Werktag davor), danach wöchentlich als Eskalation an die Gruppe. Mit ✅ auf eine "
    "Erinnerung bestätigen Kontaktpersonen, dass sie sie zur Kenntnis genommen haben.",
    "help.erinnerungen.examples": "!erinnerungen\n!erinnerungen M7",
    "reminder.before": "⏰ **Erinnerung:** Die Frist von **M{id}** „{title}“ ist am "
    "**{date}** ({distance}).",
    "reminder.overdue": "⚠️ **Überfällig:** Die Frist von **M{id}** „{title}“ war am "
    "**{date}** ({distance}).",
    "reminder.department": "Zuständig: {department} – {contacts}",
    "reminder.how": "Bitte den Sachstand melden: `!update M{id} …` (neue Frist: "
    "`!frist M{id} …`). Mit ✅ bestätigen Sie den Erhalt.",
    "reminder.escalated": "Zur Kenntnis an die Koordination: {coordinators}",
    "outbox.room_problem": "⚠️ In den Raum {room} kann ich nicht schreiben (nicht beigetreten "
    "oder keine Berechtigung). Erinnerungen für diesen Fachbereich kommen deshalb hierher. "
    "Bitte laden Sie mich in den Raum ein oder ändern Sie ihn mit `!fb … raum=`.",
    "reminders.heading_one": "**Erinnerungen zu M{id}** (Frist {date})",
    "reminders.heading_all": "**Erinnerungen** der nächsten und letzten {days} Tage",
    "reminders.none": "Keine geplanten oder gesendeten Erinnerungen.",
    "reminders.planned": "Geplant ({n})",
    "reminders.sent": "Gesendet ({n})",
    "reminders.planned_line": "{when} · M{id} {title} · {stage}",
    "reminders.sent_line": "{when} · M{id} · {stage}{ack}",
    "reminders.stage_before": "{n} Tage vor der Frist",
    "reminders.stage_due_day": "am Tag der Frist",
    "reminders.stage_overdue": "überfällig (Tag {n})",
    "reminders.acknowledged": " · zur Kenntnis genommen von {who} am {when}",
    "reminders.ack_line": "Erinnerung „{stage}“ zur Kenntnis genommen von {who} am {when}",
    "measure.acks_heading": "Erinnerungen",
    "help.bericht": "Der Wochenbericht jetzt: je Handlungsfeld Maßnahmen nach Status, "
    "mittlerer Fortschritt, Sachstände und Statuswechsel der letzten 7 Tage, Fristen der "
    "nächsten 14 Tage, Überfälliges, laufende Maßnahmen ohne Sachstand; mit Diagramm. Mit "
    "HF<n> nur dieses Handlungsfeld.",
    "help.bericht.examples": "!bericht\n!bericht HF2",
    "digest.headline": "📊 **Woche {week}: {updates} neue Sachstände, {overdue} Fristen "
    "überschritten** (Stand {date})",
    "digest.field": "{code} – {name}",
    "digest.status_line": "{total} Maßnahmen: {statuses} · mittlerer Fortschritt {progress}",
    "digest.update": "Sachstand M{id} ({when}, {who}): {text}",
    "digest.status_change": "Statuswechsel M{id}: {before} → {after} ({who})",
    "digest.due": "Frist M{id} {title}: {date} ({distance})",
    "digest.overdue": "Überfällig M{id} {title}: {date} ({distance})",
    "digest.stale": "Ohne Sachstand seit langem: M{id} {title}",
    "digest.acknowledged": "Erinnerung zu M{id} zur Kenntnis genommen ({who}, {when})",
    "digest.quiet": "Keine Sachstände, Fristen oder Auffälligkeiten.",
    "digest.without_contact": "Fachbereiche ohne Kontakt (niemand wird erinnert): {codes}",
    "chart.title": "Maßnahmen je Handlungsfeld – KW {week}",
    "chart.measures": "Maßnahmen",
    "chart.progress": "mittlerer Fortschritt in %",
    "help.export": "Lädt alle Maßnahmen als CSV-Datei hoch (für Excel und LibreOffice).",
    "help.export.examples": "!export",
    "export.done": "📄 {count} Maßnahmen als {name}",
    "import.update": "Stand laut Import",
    "report.title": "Sachstandsbericht zum Handlungskonzept „Hannover – internationale Stadt“, "
    "{start} bis {end}",
    "report.summary": "{n} Maßnahmen, {updates} Sachstände im Berichtszeitraum.",
    "report.narrative": "Entwicklung im Berichtszeitraum",
    "report.no_updates": "Keine Sachstände im Berichtszeitraum.",
    "report.col.id": "Nr.",
    "report.col.title": "Maßnahme",
    "report.col.department": "Fachbereich",
    "report.col.status": "Status",
    "report.col.progress": "Fortschritt",
    "report.col.deadline": "Frist",
    "undecryptable.notice": "⚠️ {user}: Ihre verschlüsselte Nachricht kann ich nicht lesen – "
    "mir fehlt der Schlüssel dazu. Bitte schicken Sie sie noch einmal; hilft das nicht, "
    "prüfen Sie in Element, ob Ihre Sitzung verifiziert ist.",
    "page.option": "seite",
    "page.more": "… {n} weitere: `{command}`",
    "outbox.refused_message": "⚠️ Meine Antwort wurde vom Server abgelehnt und kann nicht "
    "gesendet werden ({reason}). Bitte die Anfrage enger fassen, z. B. mit `seite=`.",
    "outbox.refused_file": "⚠️ Die Datei „{name}“ wurde vom Server abgelehnt und kann nicht "
    "gesendet werden ({reason}).",
}

EN: dict[str, str] = {
    "arg.measure": "<ID>",
    "arg.field": "HF<n>",
    "arg.title": "<title>",
    "arg.code": "<code>",
    "arg.name": "<name>",
    "arg.topic": "<command>",
    "arg.text": "<text>",
    "help.title": "**europa-bot** – commands for the action plan “Hannover – internationale Stadt”",
    "help.footer": "Details of one command: `!help <command>`, e.g. `!help measure`.",
    "help.unknown_topic": "There is no help on “{topic}”. Commands: {commands}",
    "help.examples": "Examples:",
    "help.line": "`{usage}` – {help}",
    "help.code": "`{code}`",
    "help.who": "Who may: {who}",
    "help.hilfe": "Overview of all commands, or help on one command.",
    "help.hilfe.examples": "!help\n!help measure",
    "help.massnahme.neu": "Creates a measure; the reply names its id (M1, M2, …). "
    "fb = department, frist = date, prio = kurz/mittel/lang, ziel = goal 1–3.",
    "help.massnahme.neu.examples": (
        "!measure new HF2 Language courses for staff fb=FB18 frist=31.03.2027\n"
        '!measure new HF1 "Partnership strategy" prio=kurz ziel=1'
    ),
    "help.massnahme": "Shows a measure: field, department, status, progress, deadline.",
    "help.massnahme.examples": "!measure M1",
    "help.massnahme.aendern": "Changes catalogue data of a measure.",
    "help.massnahme.aendern.examples": (
        '!measure edit M1 titel="English courses" prio=mittel\n!measure edit M4 hf=HF3 fb=Dez-III'
    ),
    "help.massnahmen": "Lists measures, filtered by field, department, status or overdue.",
    "help.massnahmen.examples": "!measures\n!measures HF2 status=laufend\n"
    "!measures fb=FB18 overdue",
    "help.fb.neu": "Creates a department with room and contacts (comma-separated).",
    "help.fb.neu.examples": (
        '!department new FB18 "Human resources" kontakt=@anna:example.org,@ben:example.org\n'
        "!department new Dez-III Culture raum=#culture:example.org"
    ),
    "help.fb": "Shows a department; with name=, raum= or kontakt= it is changed "
    "(coordinators only). raum=- removes the room.",
    "help.fb.examples": "!department FB18\n"
    "!department FB18 kontakt=@anna:example.org raum=#fb18:example.org",
    "help.fachbereiche": "Lists all departments with their contacts.",
    "help.fachbereiche.examples": "!departments",
    "role.everyone": "everyone in the room",
    "role.member": "members of the room",
    "role.coordinator": "coordinators (named in the configuration or room power level 50 or more)",
    "error.usage": "{reason}\nCorrect: `{usage}`",
    "error.usage_many": "{reason}\nUse one of these forms:",
    "error.internal": "Internal error (ref. {ref}). Nothing was saved; please try again later.",
    "error.forbidden": "Only {who} may do this.",
    "error.unknown_command": "Unknown command “!{word}”. All commands: `!help`",
    "error.unknown_command_hint": "Unknown command “!{word}”. Did you mean `!{suggestion}`? "
    "All commands: `!help`",
    "error.too_long": "The message is too long (at most {limit} characters).",
    "error.unclosed_quote": "A quotation mark is not closed.",
    "error.missing": "Missing: {what}.",
    "error.unexpected": "I cannot make sense of “{text}”.",
    "error.unknown_option": "Unknown option “{key}=”. Possible: {options}.",
    "error.duplicate_option": "“{key}=” is given twice.",
    "error.empty_option": "“{key}=” needs a value.",
    "error.bad_measure_id": "“{value}” is not a measure id (like M7).",
    "error.bad_field": "“{value}” is not a field of action (HF1 to HF4).",
    "error.unknown_field": "There is no field {value}. Known: {fields}.",
    "error.bad_code": "“{value}” is not a valid code (letters, digits, . - /; at most 40 "
    "characters, e.g. FB18, Dez-III, OE18.62).",
    "error.bad_priority": "“{value}” is not a priority. Possible: kurz, mittel, lang.",
    "error.bad_status": "“{value}” is not a status. Possible: {statuses}.",
    "error.bad_goal": "“{value}” is not a goal (a number, e.g. 2).",
    "error.unknown_goal": "There is no goal {value}. Known: {goals}.",
    "error.bad_date": "I do not understand “{value}” as a date. Possible: 31.03.2027, "
    "2027-03-31, tomorrow, next Friday, in 2 weeks, end of March, week 12, end of Q2.",
    "error.past_date": "{date} is in the past. Which date do you mean?",
    "error.date_weekday_mismatch": "In “{value}” weekday and date do not match ({date} is "
    "another weekday). Which date do you mean?",
    "error.date_too_far": "{date} is very far in the future – a typo? Please write DD.MM.YYYY.",
    "error.bad_week": "There is no calendar week {week} (week 1 to 52, sometimes 53).",
    "error.bad_quarter": "There is no quarter {quarter} (Q1 to Q4).",
    "error.date_which_part_of_month": "“{value}” is not a single day. Do you mean the start, "
    "middle or end of the month (e.g. “end of March”)?",
    "error.date_which_part_of_year": "“{value}” is not a single day. Do you mean the end of "
    "the year (e.g. “end of 2027”) or a quarter (e.g. “Q2 2027”)?",
    "error.date_which_day": "“{value}” is not a single day. Which weekday, e.g. “Friday next "
    "week”?",
    "error.date_which_part_of_next_month": "“{value}” is not a single day. Do you mean “end "
    "of next month” or a date?",
    "error.date_slashes": "“{value}” is ambiguous (day/month or month/day?). Please write "
    "DD.MM.YYYY, e.g. 31.03.2027.",
    "error.bad_user_ids": "“{value}” are not Matrix ids (like @anna:example.org, several "
    "separated by commas).",
    "error.bad_room": "“{value}” is not a Matrix room (like #room:example.org or "
    "!id:example.org; - removes the room).",
    "error.bad_title": "The title must not be empty and may have at most {limit} characters.",
    "error.bad_name": "The name must not be empty and may have at most {limit} characters.",
    "error.measure_not_found": "There is no measure M{id}. `!measures` lists them all.",
    "error.department_not_found": "There is no department “{code}”. `!departments` lists them; "
    "create one with `!department new`.",
    "error.department_exists": "Department “{code}” exists already.",
    "error.nothing_to_change": "Nothing to change was given.",
    "label.field": "Field",
    "label.goal": "Goal",
    "label.department": "Department",
    "label.status": "Status",
    "label.progress": "Progress",
    "label.deadline": "Deadline",
    "label.priority": "Priority",
    "label.title": "Title",
    "label.room": "Room",
    "label.contacts": "Contacts",
    "label.name": "Name",
    "none": "–",
    "none_contacts": "no contact",
    "status.geplant": "planned",
    "status.laufend": "in progress",
    "status.verzoegert": "delayed",
    "status.zurueckgestellt": "on hold",
    "status.abgeschlossen": "done",
    "priority.kurz": "short term",
    "priority.mittel": "medium term",
    "priority.lang": "long term",
    "weekday": "Mon Tue Wed Thu Fri Sat Sun",
    "days.today": "today",
    "days.future": "in {n} days",
    "days.tomorrow": "tomorrow",
    "days.overdue": "overdue for {n} days",
    "days.overdue_one": "overdue since yesterday",
    "measure.created": "✅ Measure **M{id}** created: {title}",
    "measure.heading": "**M{id}** – {title}",
    "measure.line": "M{id} {title} – {field} · {department} · {status} · {progress} % · "
    "deadline {deadline}",
    "measure.fact": "{label}: {value}",
    "measure.no_updates": "Progress updates: none yet",
    "measure.edited": "✏️ M{id} changed:",
    "measure.change": "{label}: {before} → {after}",
    "measure.unchanged": "M{id}: nothing changed (the values were already so).",
    "measures.heading": "**Measures**{filters}: {total}",
    "measures.none": "No measures found{filters}.",
    "measures.filter_overdue": "overdue",
    "department.created": "✅ Department **{code}** created: {name}",
    "department.heading": "**{code}** – {name}",
    "department.edited": "✏️ Department {code} changed:",
    "department.unchanged": "Department {code}: nothing changed.",
    "department.line": "{code} – {name} · {contacts}{room}",
    "department.room_suffix": " · room {room}",
    "departments.heading": "**Departments**: {total}",
    "departments.none": "No departments yet. Create one with `!department new <code> <name>`.",
    "department.measures": "Measures: {count}",
    "arg.date": "<date>",
    "role.department": "coordinators and the contacts of the responsible department",
    "help.update": "Records a progress update, optionally with status and progress in percent "
    "(also as 40%). Status: geplant, laufend, verzögert, zurückgestellt, abgeschlossen. "
    "Editing the message corrects the update, deleting it withdraws it.",
    "help.update.examples": "!update M1 First courses started status=laufend fortschritt=20\n"
    "!sachstand M4 Tender running 40%",
    "help.verlauf": "Shows the full history of a measure: creation, changes, updates, "
    "deadlines, corrections, withdrawals – with who and when.",
    "help.verlauf.examples": "!history M1\n!history M1 seite=2",
    "help.frist": "Sets or moves the deadline. Dates such as 31.03.2027, 31.3., next Friday, "
    "in 2 weeks, end of March, KW 12 (= Friday of that calendar week), end of Q2. Without a "
    "year the next such date counts; past or ambiguous dates are asked back.",
    "help.frist.examples": "!deadline M3 31.03.2028\n!deadline M3 end of March\n!deadline M3 KW 12",
    "help.fristen": "Lists overdue deadlines and those of the coming days (default: 30).",
    "help.fristen.examples": "!deadlines\n!deadlines tage=90",
    "error.bad_progress": "“{value}” is not a progress (a number from 0 to 100, e.g. 40 or 40%).",
    "error.bad_number": "“{value}” is not a number from {low} to {high}.",
    "error.bad_update_text": "A progress update needs a text of at most {limit} characters.",
    "error.edit_other_measure": "A correction must concern the same measure (M{id}). For "
    "another measure, please write a new message.",
    "error.edit_not_supported": "I do not apply edits of this command. Please write a new "
    "message: `{usage}`",
    "error.no_such_page": "There is no page {page}.",
    "label.text": "Text",
    "update.saved": "📝 Update on **M{id}** saved. Status: {status} · progress: {progress} %",
    "update.before": "(before: {status} · {progress} %)",
    "update.corrected": "✏️ Update on **M{id}** corrected. Status now: {status} · progress: "
    "{progress} %",
    "update.correction_unchanged": "Update on M{id}: the correction changes nothing.",
    "update.withdrawn": "↩️ Update on **M{id}** of {when} withdrawn. Status now: {status} · "
    "progress: {progress} %",
    "update.line": "{when} · {who}: {text}{facts}",
    "measure.updates_heading": "Latest updates",
    "history.heading": "**History of M{id}** – {title} ({total} entries)",
    "history.older": "… {n} older entries: `!history M{id} seite={page}`",
    "history.entry": "{when} · {who} · {what}",
    "history.created": "created: “{title}” ({field})",
    "history.edited": "catalogue changed: {changes}",
    "history.department_edited": "department changed: {changes}",
    "history.update": "update: “{text}”{facts}{marks}",
    "history.update_corrected": "update corrected: {changes}",
    "history.update_withdrawn": "update withdrawn: “{text}”",
    "history.deadline": "{changes}",
    "history.deadline_corrected": "corrected – {changes}",
    "history.deadline_withdrawn": "withdrawn – {changes}",
    "history.mark_corrected": "corrected",
    "history.mark_withdrawn": "withdrawn",
    "deadline.set": "📅 Deadline of **M{id}** set to **{date}** ({distance}; before: {before}).",
    "deadline.corrected": "✏️ Deadline of **M{id}** corrected: {before} → **{date}**.",
    "deadline.withdrawn": "↩️ Deadline of **M{id}** withdrawn; it is again: {date}.",
    "deadline.withdraw_moved": "The deadline of M{id} was changed since and stays: {date}.",
    "deadlines.heading": "**Deadlines** (as of {date})",
    "deadlines.none": "No open deadlines, neither overdue nor in the next {days} days.",
    "deadlines.overdue": "Overdue ({n})",
    "deadlines.upcoming": "In the next {days} days ({n})",
    "deadlines.line": "M{id} {title} – {department} – {date} ({distance})",
    "measures.more_short": "… and {n} more",
    "redaction.not_supported": "Note: deleting the message does not undo “{command}”. Please "
    "correct it with `!measure edit` or `!department`.",
    "help.erinnerungen": "Shows planned and sent reminders: all of one measure, otherwise "
    "those of the next and last 14 days. Reminders go to the department 14, 3 and 0 days "
    "before the deadline at 9:00 (on weekends and Lower Saxony holidays on the working day "
    "before), then weekly as escalation to the group. Contacts confirm a reminder with ✅.",
    "help.erinnerungen.examples": "!reminders\n!reminders M7",
    "reminder.before": "⏰ **Reminder:** the deadline of **M{id}** “{title}” is on "
    "**{date}** ({distance}).",
    "reminder.overdue": "⚠️ **Overdue:** the deadline of **M{id}** “{title}” was on "
    "**{date}** ({distance}).",
    "reminder.department": "Responsible: {department} – {contacts}",
    "reminder.how": "Please post an update: `!update M{id} …` (new deadline: "
    "`!deadline M{id} …`). React with ✅ to confirm.",
    "reminder.escalated": "For the coordinators' attention: {coordinators}",
    "outbox.room_problem": "⚠️ I cannot post to the room {room} (not joined or no "
    "permission). Reminders for this department therefore come here. Please invite me or "
    "change the room with `!department … raum=`.",
    "reminders.heading_one": "**Reminders of M{id}** (deadline {date})",
    "reminders.heading_all": "**Reminders** of the next and last {days} days",
    "reminders.none": "No planned or sent reminders.",
    "reminders.planned": "Planned ({n})",
    "reminders.sent": "Sent ({n})",
    "reminders.planned_line": "{when} · M{id} {title} · {stage}",
    "reminders.sent_line": "{when} · M{id} · {stage}{ack}",
    "reminders.stage_before": "{n} days before the deadline",
    "reminders.stage_due_day": "on the day of the deadline",
    "reminders.stage_overdue": "overdue (day {n})",
    "reminders.acknowledged": " · acknowledged by {who} on {when}",
    "reminders.ack_line": "Reminder “{stage}” acknowledged by {who} on {when}",
    "measure.acks_heading": "Reminders",
    "help.bericht": "The weekly digest now: per field of action measures by status, average "
    "progress, updates and status changes of the last 7 days, deadlines of the next 14 "
    "days, overdue, running measures without an update; with a chart. With HF<n> only that "
    "field.",
    "help.bericht.examples": "!digest\n!digest HF2",
    "digest.headline": "📊 **Week {week}: {updates} new updates, {overdue} deadlines "
    "missed** (as of {date})",
    "digest.field": "{code} – {name}",
    "digest.status_line": "{total} measures: {statuses} · average progress {progress}",
    "digest.update": "Update M{id} ({when}, {who}): {text}",
    "digest.status_change": "Status change M{id}: {before} → {after} ({who})",
    "digest.due": "Deadline M{id} {title}: {date} ({distance})",
    "digest.overdue": "Overdue M{id} {title}: {date} ({distance})",
    "digest.stale": "No update for a long time: M{id} {title}",
    "digest.acknowledged": "Reminder on M{id} acknowledged ({who}, {when})",
    "digest.quiet": "No updates, deadlines or concerns.",
    "digest.without_contact": "Departments without contact (nobody is reminded): {codes}",
    "chart.title": "Measures per field of action – week {week}",
    "chart.measures": "Measures",
    "chart.progress": "average progress in %",
    "help.export": "Uploads all measures as a CSV file (for Excel and LibreOffice).",
    "help.export.examples": "!export",
    "export.done": "📄 {count} measures as {name}",
    "import.update": "As imported",
    "report.title": "Progress report on the action plan “Hannover – internationale Stadt”, "
    "{start} to {end}",
    "report.summary": "{n} measures, {updates} updates in the period.",
    "report.narrative": "Developments in the period",
    "report.no_updates": "No updates in the period.",
    "report.col.id": "No.",
    "report.col.title": "Measure",
    "report.col.department": "Department",
    "report.col.status": "Status",
    "report.col.progress": "Progress",
    "report.col.deadline": "Deadline",
    "undecryptable.notice": "⚠️ {user}: I cannot read your encrypted message – I lack its "
    "key. Please send it again; if that does not help, check in Element that your session "
    "is verified.",
    "page.option": "page",
    "page.more": "… {n} more: `{command}`",
    "outbox.refused_message": "⚠️ The server refused my reply; it cannot be sent ({reason}). "
    "Please narrow the request, e.g. with `seite=`.",
    "outbox.refused_file": "⚠️ The server refused the file “{name}”; it cannot be sent ({reason}).",
}

TEXTS: dict[str, dict[str, str]] = {"de": DE, "en": EN}


def render(language: str, key: str, /, **values: Any) -> Text:
    """The text `key` in `language`, filled with escaped `values`."""
    return Text.template(TEXTS[language][key], values)


def word(language: str, key: str) -> str:
    """A single word or label, unformatted (for use as a value in other texts)."""
    return TEXTS[language][key]


def format_date(language: str, day: date) -> str:
    """A date as staff read it: weekday and TT.MM.JJJJ, e.g. "Fr, 31.03.2028"."""
    weekday = TEXTS[language]["weekday"].split()[day.weekday()]
    return f"{weekday}, {day:%d.%m.%Y}"


def days_until(language: str, day: date, today: date) -> str:
    """How far a deadline is from today, in words."""
    n = (day - today).days
    if n == 0:
        return word(language, "days.today")
    if n == 1:
        return word(language, "days.tomorrow")
    if n == -1:
        return word(language, "days.overdue_one")
    key = "days.future" if n > 0 else "days.overdue"
    return TEXTS[language][key].format(n=abs(n))

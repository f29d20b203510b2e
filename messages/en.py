"""Every sentence the bot shows to users, in English: the same keys as `messages.de`.

Long because it is the whole catalogue, as `messages.de` is.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "arg.measure": "<ID>",
    "arg.report_span": "[KW <n>|last week] [HF<n>]",
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
    "fb = the leading department or partner, beteiligt = others involved (comma-separated), "
    "frist = date, prio = kurz/mittel/lang, ziel = goal 1–3; mittel = zusätzlich or "
    "bestehend (additional or existing funds), betrag = euros, drucksache = council paper, "
    "beschluss = offen, beschlossen or abgelehnt.",
    "help.massnahme.neu.examples": (
        "!measure new HF2 Language courses for staff fb=FB18 frist=31.03.2027\n"
        '!measure new HF1 "Partnership strategy" prio=kurz ziel=1\n'
        '!measure new HF3 "Welcome Center" fb=OE-IA beteiligt=HMTG mittel=zusätzlich '
        'betrag="250.000 €" drucksache=1234/2026 beschluss=offen'
    ),
    "help.massnahme": "Shows a measure: field, department, status, progress, deadline.",
    "help.massnahme.examples": "!measure M1",
    "help.massnahme.aendern": "Changes catalogue data of a measure, also who is involved and "
    "its funding (as in `!measure new`); a value - removes beteiligt, mittel, betrag, "
    "drucksache or beschluss.",
    "help.massnahme.aendern.examples": (
        '!measure edit M1 titel="English courses" prio=mittel\n'
        "!measure edit M4 hf=HF3 fb=Dez-III beteiligt=HMTG,FB18\n"
        "!measure edit M7 beschluss=beschlossen drucksache=1234/2026"
    ),
    "help.massnahmen": "Lists measures, filtered by field, department, status or overdue.",
    "help.massnahmen.examples": "!measures\n!measures HF2 status=laufend\n"
    "!measures fb=FB18 overdue",
    "help.fb.neu": "Creates a department with room and contacts (comma-separated); with "
    "art=partner an external partner of the plan.",
    "help.fb.neu.examples": (
        '!department new FB18 "Human resources" kontakt=@anna:example.org,@ben:example.org\n'
        "!department new Dez-III Culture raum=#culture:example.org\n"
        '!department new HMTG "Hannover Marketing und Tourismus GmbH" art=partner'
    ),
    "help.fb": "Shows a department; with name=, raum=, kontakt= or art= it is changed "
    "(coordinators only). raum=- removes the room.",
    "help.fb.examples": "!department FB18\n"
    "!department FB18 kontakt=@anna:example.org raum=#fb18:example.org",
    "help.fachbereiche": "Lists all departments with their contacts.",
    "help.fachbereiche.examples": "!departments",
    # --- the plan's money and partners
    "help.mittel": "Lists the measures that need additional funds: amount, council paper and "
    "decision, with the total.",
    "help.mittel.examples": "!funding",
    "funding.zusaetzlich": "additional",
    "funding.bestehend": "existing",
    "decision.offen": "open",
    "decision.beschlossen": "adopted",
    "decision.abgelehnt": "rejected",
    "party.fachbereich": "department",
    "party.partner": "partner",
    "label.involved": "Involved",
    "label.funding": "Funding",
    "label.amount_cents": "Amount",
    "label.council_paper": "Council paper",
    "label.decision": "Decision",
    "label.party_kind": "Kind",
    "money.euro": "€{amount}",
    "number.decimal": ".",
    "funding.facts": "{funding} · {amount} · council paper {paper} · decision: {decision}",
    "funding.heading.one": "**{n} measure needs additional funds**: {total} in all, "
    "{adopted} of it adopted",
    "funding.heading.other": "**{n} measures need additional funds**: {total} in all, "
    "{adopted} of it adopted",
    "funding.none": "No measure is marked as needing additional funds (`!measure edit M… "
    "funding=additional amount=…`).",
    "funding.line": "M{id} {title} – {department} – {amount} – council paper {paper} – "
    "decision: {decision}",
    "lead_and_involved": "{lead} (with {involved})",
    "department.partner_suffix": " · partner",
    "error.bad_funding": "“{value}” is not a valid funding need. Possible: zusätzlich "
    "(additional), bestehend (existing); - removes it.",
    "error.bad_decision": "“{value}” is not a valid decision. Possible: offen, beschlossen, "
    "abgelehnt (open, adopted, rejected); - removes it.",
    "error.bad_amount": "“{value}” is not a clear amount. Please write euros the German way, "
    "e.g. 25000, 25.000 €, 25.000,50 € or 1,5 Mio. €.",
    "error.amount_too_large": "“{value}” is more than 10 billion euros; please check.",
    "error.bad_council_paper": "The council paper needs a number of at most {limit} "
    "characters, e.g. drucksache=1234/2026.",
    "error.bad_party_kind": "“{value}” is not a valid kind. Possible: fachbereich (department), "
    "partner.",
    "report.funding_heading": "Measures that need additional funds",
    "report.funding_total": "{total} in all; adopted {adopted}, open {open}, rejected {rejected}.",
    "report.no_funding": "No measure is marked as needing additional funds.",
    "report.col.amount": "Amount",
    "report.col.council_paper": "Council paper",
    "report.col.decision": "Decision",
    "role.everyone": "everyone in the room",
    "role.member": "members of the room",
    "role.coordinator": "coordinators (named in the configuration or room power level 50 or more)",
    "error.usage": "{reason}\nCorrect: `{usage}`",
    "error.usage_many": "{reason}\nUse one of these forms:",
    "error.internal": "Internal error (ref. {ref}). Nothing was saved; please try again later.",
    "error.forbidden": "Only {who} may do this.",
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
    "error.bad_status": "“{value}” is not a status. Possible: planned, in-progress, delayed, "
    "on-hold, done.",
    "error.bad_goal": "“{value}” is not a goal (a number, e.g. 2).",
    "error.unknown_goal": "There is no goal {value}. Known: {goals}.",
    "error.bad_date": "I do not understand “{value}” as a date. Possible: 31.03.2027, "
    "2027-03-31, tomorrow, next Friday, in 2 weeks, end of March, week 12, end of Q2.",
    "error.past_date": "{date} is in the past. Which date do you mean?",
    "error.date_weekday_mismatch": "In “{value}” weekday and date do not match ({date} is "
    "another weekday). Which date do you mean?",
    "error.date_too_far": "{date} is very far in the future – a typo? Please write DD.MM.YYYY.",
    "error.bad_report_week": "“{value}” is not a week. Like this: KW 45, KW 45 2026, last week, "
    "the week before last, or a date in the week (12.11.2026).",
    "error.week_to_come": "Week {week} of {year} is still to come; a digest shows the past or "
    "this week.",
    "error.report_week_year": "Week {week} of this year is still to come and last year's is long "
    "past: please add the year (e.g. KW {week} 2025).",
    "error.report_two_fields": "Please name one field of action only, not {fields}.",
    "error.bad_week": "There is no calendar week {week} (week 1 to 52, sometimes 53).",
    "error.bad_quarter": "There is no quarter {quarter} (Q1 to Q4).",
    "error.bad_half_year": "There is no half-year {half} (H1 or H2).",
    "error.date_which_part_of_period": "“{value}” is not a single day. Do you mean the start "
    "or the end (e.g. “end of Q3”)?",
    "error.date_day_not_in_month": "“{value}”: that month has no such day; it ends on "
    "{date}. Which date do you mean?",
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
    "quoted": "“{text}”",
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
    "days.future.one": "tomorrow",
    "days.future.other": "in {n} days",
    "days.overdue.one": "overdue since yesterday",
    "days.overdue.other": "overdue for {n} days",
    "days.count.one": "{days} day",
    "days.count.other": "{days} days",
    "days.every.one": "daily",
    "days.every.other": "every {n} days",
    "days.last.one": "the last day",
    "days.last.other": "the last {n} days",
    "days.next.one": "the next day",
    "days.next.other": "the next {n} days",
    "days.next_and_last.one": "the next and last day",
    "days.next_and_last.other": "the next and last {n} days",
    "measure.created": "✅ Measure **M{id}** created: {title}",
    "measure.heading": "**M{id}** – {title}",
    "measure.line": "M{id} {title} – {field} · {department} · {status} · {progress} % · "
    "deadline {deadline}",
    "measure.fact": "{label}: {value}",
    "measure.field_label": "{code} {name}",
    "measure.goal_label": "{number} {name}",
    "measure.no_updates": "Progress updates: none yet",
    "measure.edited": "✏️ M{id} changed:",
    "measure.change": "{label}: {before} → {after}",
    "measure.unchanged": "M{id}: nothing changed (the values were already so).",
    "measures.heading.one": "**{n} measure**{filters}",
    "measures.heading.other": "**{n} measures**{filters}",
    "measures.none": "No measures found{filters}.",
    "measures.filters": " ({filters})",
    "measures.filter_overdue": "overdue",
    "department.created": "✅ Department **{code}** created: {name}",
    "department.heading": "**{code}** – {name}",
    "department.label": "{code} – {name}",
    "department.edited": "✏️ Department {code} changed:",
    "department.unchanged": "Department {code}: nothing changed.",
    "department.line": "{code} – {name}{partner} · {contacts}{room}",
    "department.room_suffix": " · room {room}",
    "departments.heading.one": "**{n} department**",
    "departments.heading.other": "**{n} departments**",
    "departments.none": "No departments yet. Create one with `!department new <code> <name>`.",
    "help.abwesend": "Records you as away up to and including the given day. Until then "
    "reminders and questions mention your deputy (vertretung=) instead of you, without one "
    "the department's other contacts or the coordinators; meanwhile the deputy may also set "
    "deadlines and acknowledge reminders. A new `!away` replaces the old one, `!back` ends it "
    "early.",
    "help.abwesend.examples": "!away until 18.12.2026 vertretung=@ben:example.org\n"
    "!away until end of January",
    "help.zurueck": "Ends your absence before the recorded day.",
    "help.zurueck.examples": "!back",
    "arg.until": "until <date>",
    "role.any_contact": "coordinators and the contacts of the departments",
    "error.bad_deputy": "“{value}” is not a single Matrix id (like vertretung=@ben:example.org).",
    "error.deputy_is_sender": "You cannot stand in for yourself; please name someone else as "
    "vertretung=.",
    "absence.set_deputy": "✅ Away until **{date}**; deputy: {deputy}",
    "absence.set_alone": "✅ Away until **{date}**, without a deputy.",
    "absence.instead": "Until then reminders and questions mention: {who}",
    "absence.back": "👋 Welcome back! Reminders and questions mention you again.",
    "absence.not_away": "You were not recorded as away.",
    "absence.withdrawn": "↩️ Absence until {date} withdrawn.",
    "contact.away": "{contact} (away until {until})",
    "contact.away_deputy": "{contact} (away until {until}, deputy {deputy})",
    "arg.date": "<date>",
    "role.department": "coordinators and the contacts of the responsible department (and "
    "their deputy while they are away)",
    "help.update": "Records a progress update, optionally with status and progress in percent "
    "(also as 40%). Status: planned, in-progress, delayed, on-hold, done. "
    "Progress above 0 % moves a planned measure to in progress unless a status is given. "
    "Editing the message corrects the update, deleting it withdraws it.",
    "help.update.examples": "!update M1 First courses started status=laufend fortschritt=20\n"
    "!sachstand M4 Tender running 40%",
    "help.verlauf": "Shows the full history of a measure: creation, changes, updates, "
    "deadlines, corrections, withdrawals – with who and when.",
    "help.verlauf.examples": "!history M1\n!history M1 page=2",
    "help.frist": "Sets or moves the deadline. Dates such as 31.03.2027, 31.3., next Friday, "
    "in 2 weeks, end of March, KW 12 (= Friday of that calendar week), end of Q2. Without a "
    "year the next such date counts; past or ambiguous dates are asked back.",
    "help.frist.examples": "!deadline M3 31.03.2028\n!deadline M3 end of March\n!deadline M3 KW 12",
    "help.fristen": "Lists overdue deadlines and those of the coming days (default: "
    "{default_days}).",
    "help.fristen.examples": "!deadlines\n!deadlines days=90",
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
    "update.started": "The measure was planned; with this progress it is now {status}. To "
    "keep it planned, add `status=planned`.",
    "update.corrected": "✏️ Update on **M{id}** corrected. Status now: {status} · progress: "
    "{progress} %",
    "update.correction_unchanged": "Update on M{id}: the correction changes nothing.",
    "update.withdrawn": "↩️ Update on **M{id}** of {when} withdrawn. Status now: {status} · "
    "progress: {progress} %",
    "update.line": "{when} · {who}: {text}{facts}",
    "update.facts": " ({facts})",
    "measure.updates_heading": "Latest updates",
    "history.heading.one": "**History of M{id}** – {title} ({n} entry)",
    "history.heading.other": "**History of M{id}** – {title} ({n} entries)",
    "history.older.one": "… {n} older entry: `{command}`",
    "history.older.other": "… {n} older entries: `{command}`",
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
    "history.department_created": "department created: {code} – {name}",
    "history.reminder_acknowledged": "reminder “{stage}” acknowledged (deadline {date})",
    "history.mark_corrected": "corrected",
    "history.mark_withdrawn": "withdrawn",
    "history.marks": " [{marks}]",
    "deadline.set": "📅 Deadline of **M{id}** set to **{date}** ({distance}; before: {before}).",
    "deadline.corrected": "✏️ Deadline of **M{id}** corrected: {before} → **{date}**.",
    "deadline.withdrawn": "↩️ Deadline of **M{id}** withdrawn; it is again: {date}.",
    "deadline.withdraw_moved": "The deadline of M{id} was changed since and stays: {date}.",
    "deadlines.heading": "**Deadlines** (as of {date})",
    "deadlines.none.one": "No open deadlines, neither overdue nor due by tomorrow.",
    "deadlines.none.other": "No open deadlines, neither overdue nor in the next {n} days.",
    "deadlines.overdue": "Overdue ({n})",
    "deadlines.upcoming.one": "Due by tomorrow ({due})",
    "deadlines.upcoming.other": "In the next {n} days ({due})",
    "deadlines.line": "M{id} {title} – {department} – {date} ({distance})",
    "measures.more_short.one": "… and {n} more",
    "measures.more_short.other": "… and {n} more",
    "redaction.not_supported": "Note: deleting the message does not undo “{command}”. Please "
    "correct it with `!measure edit` or `!department`.",
    "help.erinnerungen": "Shows planned and sent reminders: all of one measure, otherwise "
    "those of {list_days}. Reminders go to the department {days_before} before the deadline "
    "at {time} (on weekends and Lower Saxony holidays on the working day before), then "
    "{overdue_every} as escalation to the group. Contacts confirm a reminder with ✅.",
    "help.erinnerungen.examples": "!reminders\n!reminders M7",
    "reminders.daily.headline.one": "⏰ **Reminder** about {n} measure",
    "reminders.daily.headline.other": "⏰ **Reminders** about {n} measures",
    "reminders.daily.before": "Deadlines ({n})",
    "reminders.daily.overdue": "⚠️ Overdue ({n})",
    "reminders.daily.questions": "Please post an update ({n})",
    "reminders.daily.deadline": "**M{id}** “{title}” – deadline **{date}** ({distance}) – "
    "{department}: {contacts}",
    "reminders.daily.question": "**M{id}** “{title}” – last update on {last} – "
    "{department}: {contacts}",
    "reminders.daily.never_updated": "**M{id}** “{title}” – no update yet – "
    "{department}: {contacts}",
    "reminders.daily.escalated": "For the coordinators' attention: {coordinators}",
    "reminders.daily.how": "Post an update: `!update M{id} …`, a new deadline: "
    "`!deadline M{id} <date>`. A ✅ on this message acknowledges every reminder it lists.",
    "outbox.room_problem": "⚠️ I cannot post to the room {room} (not joined or no "
    "permission). Reminders for this department therefore come here. Please invite me or "
    "change the room with `!department … raum=`.",
    "reminders.heading_one": "**Reminders of M{id}** (deadline {date})",
    "reminders.heading_all": "**Reminders** of {days}",
    "reminders.none": "No planned or sent reminders.",
    "reminders.planned": "Planned ({n})",
    "reminders.sent": "Sent ({n})",
    "reminders.planned_line": "{when} · M{id} {title} · {stage}",
    "reminders.sent_line": "{when} · M{id} · {stage}{ack}",
    "reminders.stage_before.one": "{n} day before the deadline",
    "reminders.stage_before.other": "{n} days before the deadline",
    "reminders.stage_due_day": "on the day of the deadline",
    "reminders.stage_overdue": "overdue (day {n})",
    "reminders.acknowledged": " · acknowledged by {who} on {when}",
    "reminders.ack_line": "Reminder “{stage}” acknowledged by {who} on {when}",
    "measure.acks_heading": "Reminders",
    "help.bericht": "The weekly digest: per field of action measures by status, average "
    "progress, updates and status changes of {window_days}, deadlines of {due_soon_days}, "
    "overdue, running measures without an update; with a chart (also of the progress of the "
    "last 12 weeks). With a week (KW 45, last week, a date in it) as the plan stood at its end; "
    "with HF<n> only that field; with fb= only the measures of one department or partner "
    "(leading or involved).",
    "help.bericht.examples": "!digest\n!digest HF2\n!digest KW 45\n!digest last week fb=FB18\n"
    "!digest KW 45 2026 HF3",
    "digest.headline": "📊 **Week {week}: {updates}, {overdue}** (as of {date})",
    "digest.new_updates.one": "{n} new update",
    "digest.new_updates.other": "{n} new updates",
    "digest.missed.one": "{n} deadline missed",
    "digest.missed.other": "{n} deadlines missed",
    "digest.as_of_past": "The plan as it stood at the end of week {week}, rebuilt from the "
    "audit trail.",
    "digest.only_party": "Only the measures {department} leads or is involved in.",
    "digest.field": "{code} – {name}",
    "digest.status_line.one": "{n} measure: {statuses} · average progress {progress}",
    "digest.status_line.other": "{n} measures: {statuses} · average progress {progress}",
    "digest.update": "Update M{id} ({when}, {who}): {text}",
    "digest.status_change": "Status change M{id}: {before} → {after} ({who})",
    "digest.due": "Deadline M{id} {title}: {date} ({distance}) – {department}",
    "digest.overdue": "Overdue M{id} {title}: {date} ({distance}) – {department}",
    "digest.stale": "No update for a long time: M{id} {title}",
    "digest.acknowledged": "Reminder on M{id} acknowledged ({who}, {when})",
    "digest.quiet": "No updates, deadlines or concerns.",
    "digest.without_contact": "Departments and partners without contact (nobody is reminded): "
    "{codes}",
    "chart.title": "Measures per field of action – week {week}",
    "chart.measures": "Measures",
    "chart.week": "wk {week}",
    "chart.trend": "Average progress per field of action, last {weeks} weeks",
    "chart.progress": "average progress in %",
    # --- catalogue uploads
    "help.import.bestaetigen": "Applies a catalogue file (CSV) a coordinator uploaded to the "
    "group room, after its dry run. The reply to the file names the code; it is valid for 30 "
    "minutes and only for whoever uploaded the file.",
    "help.import.bestaetigen.examples": "!import confirm K7Q2XF",
    "arg.upload_code": "<code>",
    "upload.unreadable": "📄 I cannot download or decrypt the file “{name}”. Please upload it "
    "again.",
    "upload.too_large": "📄 The file “{name}” is larger than {mib} MiB; please split it into "
    "smaller files.",
    "upload.unreachable": "📄 The file “{name}” cannot be reached on its server right now. "
    "Please upload it again later.",
    "upload.failed.one": "📄 Dry run of “{name}”: {n} error, nothing would be applied. Please "
    "fix it and upload again:",
    "upload.failed.other": "📄 Dry run of “{name}”: {n} errors, nothing would be applied. "
    "Please fix them and upload again:",
    "upload.nothing": "📄 Dry run of “{name}”: {summary} – the catalogue is already like this, "
    "there is nothing to apply.",
    "upload.dry_run": "📄 **Dry run** of “{name}” (nothing applied yet): {summary}.",
    "upload.confirm": "Apply it with `{command}` – only {uploader}, valid until {until}.",
    "upload.summary": "{created} new, {updated} changed, {unchanged} unchanged",
    "upload.measures.one": "{n} measure",
    "upload.measures.other": "{n} measures",
    "upload.new_ids": "New: {ids}",
    "upload.changed_ids": "Changed: {ids}",
    "upload.applied": "✅ Catalogue “{name}” applied: {summary}.",
    "error.bad_upload_code": "“{value}” is not a confirmation code (6 characters, e.g. K7Q2XF).",
    "error.upload_unknown": "There is no import with the code {code} in this room.",
    "error.upload_not_yours": "Only {uploader}, who uploaded the file, may confirm this import.",
    "error.upload_applied": "The import {code} has been applied already.",
    "error.upload_expired": "The code {code} has expired (it is valid for 30 minutes). Please "
    "upload the file again.",
    "error.upload_now_fails": "“{name}” can no longer be applied, nothing was changed: {errors}",
    "help.export": "Uploads all measures as a CSV file (for Excel and LibreOffice).",
    "help.export.examples": "!export",
    "export.done.one": "📄 {n} measure as {name}",
    "export.done.other": "📄 {n} measures as {name}",
    "import.update": "As imported",
    "report.title": "Progress report on the action plan “Hannover – internationale Stadt”, "
    "{start} to {end}",
    "report.summary": "{measures}, {updates} in the period.",
    "report.measures.one": "{n} measure",
    "report.measures.other": "{n} measures",
    "report.updates.one": "{n} update",
    "report.updates.other": "{n} updates",
    "report.update": "{date} – M{id} {title}: {text}",
    "report.update_with_status": "{date} – M{id} {title} ({status}): {text}",
    "report.narrative": "Developments in the period",
    "report.no_updates": "No updates in the period.",
    "report.col.id": "No.",
    "report.col.title": "Measure",
    "report.col.department": "Department",
    "report.col.status": "Status",
    "report.col.progress": "Progress",
    "report.col.deadline": "Deadline",
    "csv.too_large": "The file is larger than {mib} MiB; please split it into smaller files",
    "csv.not_csv": "This is {kind}, not a CSV file; please save it as CSV (semicolon separated)",
    "csv.kind.png": "a PNG image",
    "csv.kind.jpeg": "a JPEG image",
    "csv.kind.gif": "a GIF image",
    "csv.kind.pdf": "a PDF",
    "csv.kind.zip": "a ZIP file (e.g. an Excel workbook .xlsx)",
    "csv.kind.xls": "an old Excel workbook (.xls)",
    "csv.kind.gzip": "a gzip file",
    "csv.utf16_unreadable": "The file is not readable UTF-16; please save it as “CSV UTF-8”",
    "csv.utf16_without_bom": "The file is UTF-16 without a BOM; please save it as “CSV UTF-8”",
    "csv.nul_byte": "Line {line}: contains a NUL byte, so it is not a text file; please save it "
    "as CSV (semicolon separated)",
    "csv.stray_byte": "Line {line}: the byte 0x{byte} is neither UTF-8 nor Windows-1252; "
    "please save it as “CSV UTF-8”",
    "csv.too_many_rows": "Line {line}: more than {limit} lines in one file; please split it "
    "into smaller files",
    "csv.field_too_long": "Line {line}: a field is longer than {kib} KiB (a quotation mark not "
    "closed?)",
    "csv.unreadable_row": "Line {line}: not a readable CSV line",
    "csv.empty": "Line 1: the file is empty (expected: {columns})",
    "csv.missing_columns.one": "Line 1: the column {missing} is missing (expected: {columns})",
    "csv.missing_columns.other": "Line 1: the columns {missing} are missing (expected: {columns})",
    "csv.bad_row": "Line {line}: {reason}",
    "csv.unknown_field": "Line {line}: there is no field {field} (known: {fields})",
    "csv.unknown_department": "Line {line}: there is no department or partner “{department}” "
    "(create it first with !department new)",
    "csv.unknown_goal": "Line {line}: there is no goal {goal}",
    "csv.duplicate_id": "Line {line}: M{id} is already in line {first}",
    "number.thousands": ",",
    "and": "and",
    "cli.config_problems.one": "europa-bot: the configuration has {n} problem:",
    "cli.config_problems.other": "europa-bot: the configuration has {n} problems:",
    "cli.config_ok": "{path}: OK (rooms: {rooms}, coordinators: {coordinators})",
    "cli.reset_needs_password": "europa-bot: a reset needs the bot's password ({env}).",
    "cli.cross_signing": "cross-signing: {state}",
    "cli.exported.one": "{n} measure written to {path}.",
    "cli.exported.other": "{n} measures written to {path}.",
    "cli.unreadable": "{path}: cannot be read ({reason})",
    "cli.import_failed.one": "{path}: nothing imported, {n} error:",
    "cli.import_failed.other": "{path}: nothing imported, {n} errors:",
    "cli.imported.one": "{path}: the import created {n} measure, changed {updated}, left "
    "{unchanged} unchanged.",
    "cli.imported.other": "{path}: the import created {n} measures, changed {updated}, left "
    "{unchanged} unchanged.",
    "cli.would_import.one": "{path}: the import would create {n} measure, change {updated}, "
    "leave {unchanged} unchanged. (Dry run: nothing saved)",
    "cli.would_import.other": "{path}: the import would create {n} measures, change {updated}, "
    "leave {unchanged} unchanged. (Dry run: nothing saved)",
    "cli.created": "new: {ids}",
    "cli.updated": "changed: {ids}",
    "cli.backup_written": "Database backup written to {path}.",
    "cli.backup_not_sqlite": "The database is not SQLite; back up PostgreSQL with pg_dump "
    "(see README).",
    "cli.backup_failed": "Backup failed: {reason}",
    "cli.report_written": "Progress report {start}–{end} written to {path}.",
    "undecryptable.notice": "⚠️ {user}: I cannot read your encrypted message – I lack its "
    "key. Please send it again; if that does not help, check in Element that your session "
    "is verified.",
    "page.more.one": "… {n} more: `{command}`",
    "page.more.other": "… {n} more: `{command}`",
    "outbox.refused_message": "⚠️ The server refused my reply; it cannot be sent ({reason}). "
    "Please narrow the request, e.g. with `page=`.",
    "outbox.refused_file": "⚠️ The server refused the file “{name}”; it cannot be sent ({reason}).",
}

"""The texts behind the demo office: pick-lists, people, handoffs and their typical defects.

Kept apart from `demo.py` so the generator stays readable. Ticket texts are
templates; `demo.py` fills in {customer}, {employee}, {project}, {period},
{week}, {n}, {ref} and {amount}.
"""

from __future__ import annotations

from backoffice.auth.models import Role
from backoffice.tickets.models import PickListKind

# (code, English, German, Dutch). The codes are stable; reports and the demo rely on them.
DEFAULT_PICK_LISTS: dict[PickListKind, list[tuple[str, str, str, str]]] = {
    PickListKind.CATEGORY: [
        ("missing_hours", "Missing hours", "Fehlende Stunden", "Ontbrekende uren"),
        ("wrong_project_or_rate", "Wrong project or rate", "Falsches Projekt oder falscher Satz", "Verkeerd project of tarief"),
        ("late_delivery", "Late delivery", "Verspätete Lieferung", "Te late aanlevering"),
        ("wrong_master_data", "Wrong master data", "Fehlerhafte Stammdaten", "Onjuiste stamgegevens"),
        ("wrong_selection", "Wrong selection", "Falsche Selektion", "Verkeerde selectie"),
        ("duplicate", "Duplicate entry", "Doppelte Erfassung", "Dubbele invoer"),
        ("other", "Other", "Sonstiges", "Overig"),
    ],
    PickListKind.ROOT_CAUSE: [
        ("unclear_instruction", "Unclear instruction", "Unklare Arbeitsanweisung", "Onduidelijke werkinstructie"),
        ("manual_entry_error", "Manual entry error", "Manueller Eingabefehler", "Handmatige invoerfout"),
        ("missing_validation", "Missing validation", "Fehlende Prüfung", "Ontbrekende controle"),
        ("system_interface", "System interface fault", "Fehler in der Schnittstelle", "Fout in de koppeling"),
        ("late_input", "Input delivered late", "Verspätete Zulieferung", "Input te laat aangeleverd"),
        ("master_data_not_maintained", "Master data not maintained", "Stammdaten nicht gepflegt", "Stamgegevens niet bijgehouden"),
        ("process_gap", "Gap in the process", "Lücke im Prozess", "Gat in het proces"),
        ("other", "Other", "Sonstiges", "Overig"),
    ],
}  # fmt: skip

FUNCTIONS = [
    ("Time registration", "Timesheets, approvals and the monthly hours close."),
    ("Invoicing", "Projects and rates, invoice runs, credit notes and dunning."),
    ("Accounting", "Ledger, accounts receivable, payments and expense claims."),
    ("CRM / Mailing", "Customer relations, newsletters and mailing selections."),
    ("Payroll", "Salaries, allowances and the monthly payroll run."),
]

# (e-mail, name, role, function, locale). The four demo accounts keep the default
# language so that screenshots and UI tests see English.
USERS = [
    ("admin@example.com", "Martin Vogel", Role.ADMIN, None, None),
    ("coordinator@example.com", "Katharina Schmidt", Role.COORDINATOR, None, None),
    ("owner@example.com", "Jan Visser", Role.OWNER, "Time registration", None),
    ("clerk@example.com", "Sanne Bakker", Role.CLERK, "Invoicing", None),
    ("pieter.vandijk@example.com", "Pieter van Dijk", Role.OWNER, "Invoicing", "nl"),
    ("ruud.deboer@example.com", "Ruud de Boer", Role.OWNER, "Invoicing", "nl"),
    ("annelies.jansen@example.com", "Annelies Jansen", Role.OWNER, "Accounting", "nl"),
    ("claudia.wagner@example.com", "Claudia Wagner", Role.OWNER, "Accounting", "de"),
    ("markus.weber@example.com", "Markus Weber", Role.OWNER, "CRM / Mailing", "de"),
    ("julia.hoffmann@example.com", "Julia Hoffmann", Role.OWNER, "Payroll", "de"),
    ("daan.smit@example.com", "Daan Smit", Role.CLERK, "Time registration", "nl"),
    ("femke.mulder@example.com", "Femke Mulder", Role.CLERK, "Accounting", "nl"),
    ("stefan.becker@example.com", "Stefan Becker", Role.CLERK, "Payroll", "de"),
    ("eva.schneider@example.com", "Eva Schneider", Role.CLERK, "CRM / Mailing", "de"),
]

LEADS = {
    "Time registration": "owner@example.com",
    "Invoicing": "pieter.vandijk@example.com",
    "Accounting": "annelies.jansen@example.com",
    "CRM / Mailing": "markus.weber@example.com",
    "Payroll": "julia.hoffmann@example.com",
}

CUSTOMERS = [
    (10023, "Van den Berg Logistiek B.V."),
    (10031, "Hansen Maschinenbau GmbH"),
    (10047, "Kuipers Installatietechniek B.V."),
    (10058, "Noordzee Media B.V."),
    (10062, "Rhein-Ruhr Consult GmbH"),
    (10075, "De Groot Architecten"),
    (10081, "Meijer & Zonen B.V."),
    (10094, "Autohaus Krüger GmbH"),
    (10102, "Stadtwerke Emsland"),
    (10117, "Brouwer Bouw B.V."),
    (10123, "Schulte Lebensmittel GmbH"),
    (10136, "Zorggroep Oostland"),
    (10148, "Fenstertechnik Lange GmbH"),
    (10155, "Dekker ICT Services"),
    (10169, "Nordlicht Versicherungsmakler GmbH"),
    (10172, "Bakkerij Verhoeven"),
]
EMPLOYEES = [
    "Bram Hendriks", "Lisa Wolf", "Tim Janssen", "Sophie Meyer", "Niels de Wit", "Anna Koch",
    "Jeroen Peters", "Laura Schulz", "Kevin Bos", "Miriam Richter", "Thijs van Leeuwen", "Nina Braun",
]  # fmt: skip
PROJECTS = [
    "ERP migration phase 2", "Support contract 2025", "Website relaunch", "Data warehouse",
    "Managed services", "Payroll outsourcing", "Cloud migration", "Training programme",
]  # fmt: skip

# One entry per handoff. `categories` and `weight` are relative frequencies;
# `impact` is the range in EUR and how often the impact is known at all;
# a resolution is (root-cause code, cause analysis, corrective, preventive action).
HANDOFFS = [
    {
        "name": "approved hours → invoice run",
        "from": "Time registration",
        "to": "Invoicing",
        "owner": "owner@example.com",
        "description": "Approved timesheets go into the monthly invoice run.",
        "weight": 9,
        "categories": {"missing_hours": 5, "wrong_project_or_rate": 4, "late_delivery": 2, "duplicate": 1, "other": 1},
        "refs": ["TS-{year}-W{week:02d}-{seq:04d}", "INV-{year}-{seq:04d}"],
        "impact": (80, 12000, 0.9),
        "records": (1, 60),
        "titles": [
            "Approved hours of {employee} missing from the {period} invoice run",
            "{n} hours booked on an internal project instead of {project}",
            "Hours for {customer} invoiced at the old rate",
            "Timesheet week {week} approved after the invoice run was closed",
            "Travel time invoiced to {customer} although not billable",
            "Hours of {employee} approved twice in week {week}",
        ],
        "descriptions": [
            "The invoice run for {period} for {customer} did not include {n} approved hours of {employee} on project {project}. The contract requires monthly invoicing, so the hours now need a correction invoice. Reference {ref}.",
            "While checking the draft invoices for {period} we found {n} hour lines for {customer} priced at last year's rate. The new rate was agreed per 1 January. Draft invoice {ref} is on hold.",
            "Timesheet {ref} was approved only after the invoice run had been closed, so the hours of {employee} for {customer} were not invoiced in {period}. Third time this quarter for this team.",
            "{n} hours of {employee} were booked on the internal project instead of {project} ({customer}). Found during the invoice check; revenue for {period} is understated by about {amount}.",
        ],
        "resolutions": [
            ("late_input", "Timesheets of the consultancy team are approved on Monday, but the invoice run starts on the first working day of the month, which was earlier this time.", "Hours put on a correction invoice for {customer}, sent the same day.", "Approval deadline moved to the last working day of the month; approvers get a reminder two days before."),
            ("master_data_not_maintained", "The new rate for {customer} was entered in the contract but not in the rate table of the time registration.", "Rate table corrected and the invoice lines recalculated before sending.", "Contract administration enters rate changes in both systems; a second person checks them."),
            ("manual_entry_error", "{employee} picked the internal project from the recent-projects list by mistake.", "Hours rebooked to {project} and included in the next invoice run.", "Internal projects are hidden from the recent list for consultants with billable assignments."),
            ("missing_validation", "The time registration accepts a second approval when a week is reopened and resubmitted.", "Duplicate hours credited to {customer}; timesheet corrected.", "Vendor asked to block double approval; until then a duplicate report runs before each invoice run."),
        ],
    },
    {
        "name": "customer master data → mailing selection",
        "from": "Invoicing",
        "to": "CRM / Mailing",
        "owner": "pieter.vandijk@example.com",
        "description": "Customer records maintained in invoicing feed the selections for newsletters and campaigns.",
        "weight": 5,
        "categories": {"wrong_master_data": 5, "wrong_selection": 4, "duplicate": 1, "other": 1},
        "refs": ["CUST-{cust}", "MAIL-{year}-{month:02d}"],
        "impact": (20, 1500, 0.4),
        "records": (1, 400),
        "titles": [
            "Newsletter sent to former customer {customer}",
            "Mailing selection includes {n} contacts without opt-in",
            "Wrong contact person for {customer} in the {period} mailing",
            "Customers with payment arrears included in the promotion mailing",
            "Country code missing for {n} customers, left out of the DACH mailing",
        ],
        "descriptions": [
            "{customer} ended their contract, but the customer record is still active, so they received the {period} newsletter and complained. Customer number {ref}.",
            "The selection for the {period} mailing contained {n} contacts whose opt-in flag is empty. We stopped the mailing before it was sent; it is now delayed.",
            "The mailing for {customer} went to a contact person who left the company a year ago. The invoice address was updated, the contact was not. {ref}.",
            "{n} customer records have no country code, so the selection for the German-speaking mailing skipped them.",
        ],
        "resolutions": [
            ("master_data_not_maintained", "Contract terminations are processed in invoicing, but the customer status is not set to inactive.", "Customer {ref} set to inactive; account management sent an apology.", "The termination checklist now includes the customer status; the CRM selection excludes customers without an active contract."),
            ("missing_validation", "The customer form can be saved without a country code.", "Country codes completed for the {n} records.", "Country code made mandatory in the customer form."),
            ("process_gap", "After the first sale nobody maintains contact persons; invoicing only keeps invoice addresses.", "Contact person corrected for {customer}.", "Account managers review the contacts of their customers every quarter."),
            ("system_interface", "The nightly sync from invoicing to the CRM skips records with special characters in the name.", "Sync rerun by hand after fixing the encoding.", "Interface switched to UTF-8; an alert is sent when records are skipped."),
        ],
    },
    {
        "name": "invoices → accounts receivable booking",
        "from": "Invoicing",
        "to": "Accounting",
        "owner": "ruud.deboer@example.com",
        "description": "Sent invoices and credit notes are booked in accounts receivable.",
        "weight": 8,
        "categories": {"wrong_master_data": 4, "late_delivery": 2, "duplicate": 2, "other": 1},
        "refs": ["INV-{year}-{seq:04d}", "CN-{year}-{seq:04d}"],
        "impact": (150, 25000, 0.95),
        "records": (1, 120),
        "titles": [
            "Invoice {ref} booked on the wrong revenue account",
            "Credit note for {customer} not booked in accounts receivable",
            "VAT code missing on {n} invoices of the {period} run",
            "Invoice batch {period} transferred twice to accounting",
            "Invoice {ref} booked with the wrong cost centre",
        ],
        "descriptions": [
            "Invoice {ref} for {customer} ({amount}) was booked on the revenue account for licences instead of services. The monthly report for {period} shows the difference.",
            "The credit note for {customer} was sent to the customer but never arrived in accounts receivable, so the dunning list still shows the original amount of {amount}. {ref}.",
            "{n} invoices from the {period} run arrived in accounting without a VAT code. We are booking them by hand; the VAT return is due on the 10th.",
            "The export of the {period} invoice batch was started twice; {n} invoices are in the ledger twice. Reference {ref}.",
        ],
        "resolutions": [
            ("master_data_not_maintained", "The article used on the invoice still points to the old revenue account.", "Booking corrected with a journal entry.", "Changes to articles now need approval by accounting."),
            ("system_interface", "Credit notes are exported in a separate file that the import job does not pick up.", "Credit note booked by hand.", "Import job extended to credit notes; the import log is checked daily."),
            ("missing_validation", "The invoice export does not check that every line has a VAT code.", "VAT codes added and the invoices exported again.", "The export refuses invoices without a VAT code and lists them."),
            ("manual_entry_error", "The export was started a second time because the first run looked stuck.", "Duplicate postings reversed.", "Export button disabled while a run is in progress; the import checks the batch number."),
        ],
    },
    {
        "name": "hours → payroll run",
        "from": "Time registration",
        "to": "Payroll",
        "owner": "owner@example.com",
        "description": "Overtime, allowances and absences from the time registration go into the payroll run.",
        "weight": 7,
        "categories": {"missing_hours": 4, "late_delivery": 3, "wrong_master_data": 2, "other": 1},
        "refs": ["TS-{year}-W{week:02d}-{seq:04d}", "PAY-{year}-{month:02d}"],
        "impact": (40, 4000, 0.8),
        "records": (1, 35),
        "titles": [
            "Overtime of {employee} missing from the {period} payroll",
            "Sick days of {employee} registered as holiday",
            "Night shift allowance missing for {n} employees",
            "Hours of new employee {employee} not transferred to payroll",
            "Payroll export for {period} delivered two days late",
        ],
        "descriptions": [
            "{employee} worked {n} hours of overtime in {period}, approved by the team lead, but they are not in the payroll file. The employee noticed it on the pay slip.",
            "The sick days of {employee} were booked as holiday in the time registration, so the holiday balance is wrong and the health insurer was not notified.",
            "The payroll file for {period} has no night shift allowance for {n} employees of the support team. Reference {ref}.",
            "The payroll export for {period} arrived on the 23rd instead of the 21st; the payroll run had to be done in one day.",
        ],
        "resolutions": [
            ("late_input", "Overtime is approved after the export to payroll.", "Overtime paid with the next salary as a correction.", "Export to payroll moved to the day after the approval deadline."),
            ("manual_entry_error", "The team lead chose the wrong absence type.", "Absence type corrected and holiday balance restored.", "Absence types renamed; the two most used are now at the top."),
            ("system_interface", "The allowance code was not mapped in the payroll interface after the code list changed.", "Allowance added by hand in the payroll run.", "The mapping is checked after each code list change; a test export runs before each payroll run."),
            ("process_gap", "HR creates new employees in payroll, but they appear in the time registration only when IT creates the account.", "Hours transferred by hand.", "The onboarding checklist now has one owner for both systems."),
        ],
    },
    {
        "name": "project and rate set-up → time registration",
        "from": "Invoicing",
        "to": "Time registration",
        "owner": "ruud.deboer@example.com",
        "description": "Signed orders become projects with rates and activity codes that consultants book on.",
        "weight": 6,
        "categories": {"wrong_project_or_rate": 5, "late_delivery": 3, "wrong_master_data": 2, "other": 1},
        "refs": ["ORD-{year}-{seq:04d}", "PRJ-{seq:04d}"],
        "impact": (100, 9000, 0.6),
        "records": (1, 80),
        "titles": [
            "Project {project} not available for time registration",
            "Order {ref} set up with the wrong hourly rate",
            "Project for {customer} closed too early, hours cannot be booked",
            "Activity codes missing on project {project}",
            "Budget of {project} not loaded, hours rejected",
        ],
        "descriptions": [
            "Consultants cannot book hours on {project} for {customer}: the project is not in the list. Order {ref} was signed two weeks ago; {n} hours are waiting.",
            "Order {ref} for {customer} was set up at the standard rate instead of the agreed rate. The hours of {period} are already booked at the wrong rate.",
            "The project for {customer} was closed on the end date of the order, but the extension had been signed. {employee} cannot book.",
            "Project {project} has no activity codes, so the hours cannot be split into billable and non-billable. {ref}.",
        ],
        "resolutions": [
            ("late_input", "The signed order reached project administration only after the start date.", "Project opened and the waiting hours booked.", "Sales puts signed orders in the shared order inbox on the day of signing."),
            ("manual_entry_error", "The rate was copied from a template project.", "Rate corrected and hours revalued.", "A second person checks the order set-up before the project is opened."),
            ("unclear_instruction", "The instruction says to close projects on the order end date, but not to check for extensions.", "Project reopened.", "Instruction updated: check the contract file for extensions before closing."),
            ("missing_validation", "A project can be opened without activity codes.", "Activity codes added.", "Opening a project now requires at least one billable activity code."),
        ],
    },
    {
        "name": "payments → dunning stop",
        "from": "Accounting",
        "to": "Invoicing",
        "owner": "annelies.jansen@example.com",
        "description": "Received payments and agreed dunning stops must reach the dunning run in time.",
        "weight": 6,
        "categories": {"late_delivery": 4, "wrong_selection": 3, "wrong_master_data": 1, "other": 1},
        "refs": ["INV-{year}-{seq:04d}", "PAYM-{year}-{seq:05d}"],
        "impact": (100, 15000, 0.7),
        "records": (1, 12),
        "titles": [
            "Reminder sent to {customer} although invoice {ref} was paid",
            "Payment of {customer} not matched, dunning level 2 reached",
            "Partial payment on {ref} not recorded before the dunning run",
            "Dunning stop for {customer} ignored by the {period} dunning run",
        ],
        "descriptions": [
            "{customer} paid invoice {ref} ({amount}) on time, but the payment was not matched before the dunning run and they received a reminder. The customer called their account manager.",
            "The bank statement shows a payment of {amount} from {customer} without an invoice number; it stayed on the suspense account and the dunning reached level 2.",
            "A dunning stop was agreed with {customer} while the dispute about {ref} is open, but the reminder went out anyway.",
        ],
        "resolutions": [
            ("late_input", "The bank statements of the two days before the dunning run had not been processed.", "Reminder withdrawn, apology sent to {customer}.", "The dunning run starts only after all bank statements up to the previous day are matched."),
            ("manual_entry_error", "The payment was matched to another open invoice of the same customer.", "Matching corrected; dunning level reset.", "Matching proposals with several open invoices now need a confirmation."),
            ("process_gap", "Dunning stops are agreed by phone and noted in the CRM, which the dunning run does not read.", "Dunning block set in the accounting system.", "Dunning stops are entered only in the accounting system; the CRM shows them read-only."),
            ("missing_validation", "Payments without a reference stay on the suspense account without anyone being told.", "Payment matched.", "A daily report of the suspense account goes to accounts receivable."),
        ],
    },
    {
        "name": "new customers → CRM",
        "from": "Invoicing",
        "to": "CRM / Mailing",
        "owner": "pieter.vandijk@example.com",
        "description": "Customers created for their first order are transferred to the CRM.",
        "weight": 4,
        "categories": {"wrong_master_data": 4, "duplicate": 3, "late_delivery": 2, "other": 1},
        "refs": ["CUST-{cust}"],
        "impact": (50, 2000, 0.3),
        "records": (1, 30),
        "titles": [
            "New customer {customer} missing in the CRM",
            "Customer {ref} created twice in the CRM",
            "New customers of {period} without account manager",
            "Industry code missing for {n} new customers",
        ],
        "descriptions": [
            "{customer} ({ref}) became a customer in {period} but is not in the CRM, so the welcome mailing and the account manager assignment did not happen.",
            "Customer {ref} exists twice in the CRM with different spellings, so mailings go out twice and the sales history is split.",
            "{n} customers created in {period} have no account manager in the CRM and do not appear in any sales report.",
        ],
        "resolutions": [
            ("system_interface", "The interface transfers only customers with at least one invoice.", "Customer created in the CRM by hand.", "The interface now transfers customers when their first order is confirmed."),
            ("missing_validation", "The duplicate check compares exact names only.", "Records merged.", "The duplicate check also compares VAT ID and postcode."),
            ("process_gap", "Nobody assigns an account manager to customers who come in through the web shop.", "Account managers assigned.", "Web shop customers go to the inside sales team by default."),
        ],
    },
    {
        "name": "expense claims → payroll",
        "from": "Accounting",
        "to": "Payroll",
        "owner": "claudia.wagner@example.com",
        "description": "Approved expense claims are reimbursed with the salary.",
        "weight": 5,
        "categories": {"late_delivery": 4, "wrong_master_data": 2, "duplicate": 2, "other": 1},
        "refs": ["EXP-{year}-{seq:04d}"],
        "impact": (15, 2500, 0.95),
        "records": (1, 25),
        "titles": [
            "Expense claim {ref} of {employee} not reimbursed in {period}",
            "Mileage allowance paid at the wrong rate for {n} claims",
            "Expense claim {ref} paid twice",
            "Approved claims of {period} reached payroll after the cut-off",
        ],
        "descriptions": [
            "{employee} submitted expense claim {ref} ({amount}) in time and it was approved, but it is not on the {period} pay slip.",
            "{n} mileage claims were paid at 0.30 per km instead of the rate in the works agreement.",
            "Expense claim {ref} of {employee} was paid by bank transfer from accounting and again through payroll.",
        ],
        "resolutions": [
            ("late_input", "Approved claims are exported on the 25th; payroll closes on the 20th.", "Claim paid with an off-cycle payment.", "Export moved to the 18th; claims approved later go into the next month, as announced to staff."),
            ("master_data_not_maintained", "The mileage rate in the expense tool was not updated after the new works agreement.", "Difference paid with the next salary.", "Rates in the expense tool are part of the yearly payroll parameter check."),
            ("process_gap", "Urgent claims are sometimes paid directly by accounting but stay in the payroll export.", "Second payment recovered with the next salary, agreed with the employee.", "A direct payment sets the claim to paid in the tool, so it is not exported."),
        ],
    },
]  # fmt: skip

DISPUTE_REASONS = [
    "Not our cause: the input we received was already wrong.",
    "The data was correct when we handed it over; it was changed afterwards in the receiving system.",
    "We followed the written instruction; the instruction itself has to change.",
    "Caused by the interface, which IT maintains, not by our team.",
]
REASSIGN_NOTES = [
    "Discussed in the triage meeting; the cause sits with this team.",
    "Checked the interface log: the data left the source system incomplete.",
]
REJECT_REASONS = [
    "Not a handoff defect: the customer changed the order after the invoice was sent.",
    "Works as agreed: these hours are not billable according to the contract.",
    "A question, not a defect; answered by phone.",
    "Belongs to the IT service desk; forwarded there.",
]
DUPLICATE_REASONS = [
    "Same cause and same customer as the earlier ticket.",
    "Reported twice by two colleagues.",
    "Already being handled in the earlier ticket.",
]
REOPEN_REASONS = [
    "The correction invoice still shows the old rate.",
    "The same problem came back in the next run.",
]
COMMENTS = [
    "Checked the source data: the error is already there before the handoff.",
    "The customer called again, please give this priority.",
    "Correction prepared, waiting for approval by the team lead.",
    "We saw the same problem last month.",
    "I put the export file in the shared folder.",
    "Shall we take this to the quarterly review?",
    "Workaround for now: we correct it by hand before the run.",
    "Fixed for this case; the preventive action is still open.",
    "The controller confirmed the amount.",
    "Thanks, confirmed on my side.",
    "Could you check whether other customers are affected too?",
    "I am out of office until Monday; my colleague takes over.",
]
RATING_REMARKS = {
    5: ["Quick and thorough, thank you!", "Solved before the next run.", ""],
    4: ["Good, the preventive action makes sense.", ""],
    3: ["Fixed, but it took a while.", ""],
    2: ["Corrected, but we had to chase twice."],
    1: ["The same thing happened again a week later."],
}

"""Every problem code drafter reports: its severity, what it checks and what to do.

Severity follows how a Government Office reads a draft: an error is something it would
send back; a warning is something it would query.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..boundary import MB, Limits
from ..problems import Severity

E = Severity.ERROR
W = Severity.WARNING
_L = Limits()  # the defaults, quoted in the explanations


@dataclass(frozen=True)
class RuleInfo:
    """One problem code: severity, a short title, and what to do about it."""

    code: str
    severity: Severity
    title: str
    explanation: str


RULES: tuple[RuleInfo, ...] = (
    # ---- reading the file (load.py)
    RuleInfo(
        "Y001",
        E,
        "The file is missing, unreadable or a folder",
        "Give the path of an agreement's .yaml file.",
    ),
    RuleInfo(
        "Y002", E, "The file is not UTF-8 text", "Save it as UTF-8 (Save As → Encoding → UTF-8)."
    ),
    RuleInfo(
        "Y003",
        E,
        "The YAML is malformed",
        "Fix indentation, colons or quotes at the position given.",
    ),
    RuleInfo("Y004", E, "The file is empty", "Start from 'drafter new'."),
    RuleInfo(
        "Y005",
        E,
        "Anchors and aliases expand to too many values",
        "Remove the nested '&anchor' / '*alias' repetition.",
    ),
    RuleInfo(
        "Y006",
        E,
        "A YAML tag ('!…') is used",
        "Remove the tag; write plain values. Tags could run code, so none is allowed.",
    ),
    RuleInfo("Y007", E, "The file is too large", "Split the agreement into parts with 'include:'."),
    RuleInfo(
        "Y008",
        E,
        "A key appears twice in the same place",
        "Keep one of them; the second would silently replace the first.",
    ),
    RuleInfo("Y009", E, "A file includes itself", "Remove the circular 'include:'."),
    RuleInfo(
        "Y010",
        E,
        "An included file is outside the project folder",
        "Keep every part inside the folder of drafter.yaml (else of the agreement); "
        "drafter reads nothing outside it.",
    ),
    RuleInfo(
        "Y011",
        E,
        "An included file is not a YAML file",
        "Only .yaml and .yml files can be included.",
    ),
    RuleInfo(
        "Y012",
        E,
        "The agreement is made of too many files, or too much in all",
        f"At most {_L.files} files and {_L.total_bytes // MB} MB for one agreement; "
        "check what is included.",
    ),
    RuleInfo(
        "Y013",
        E,
        "A list has too many items",
        f"At most {_L.items:,} items in one list; check that the list holds what you meant.",
    ),
    RuleInfo(
        "Y014",
        E,
        "A text is too long",
        f"At most {_L.text:,} characters in one field (about 30 pages); shorten it.",
    ),
    RuleInfo(
        "Y015",
        E,
        "Lists and mappings nested too deeply",
        f"At most {_L.depth} levels; an agreement needs fewer than ten. Check the brackets.",
    ),
    # ---- the shape of the data
    RuleInfo(
        "S001",
        E,
        "A value has the wrong type",
        "Write the kind of value named in the message (a number, text, a list …).",
    ),
    RuleInfo(
        "S002",
        E,
        "Unknown field",
        "Correct the spelling (the message suggests the nearest field) or remove it.",
    ),
    RuleInfo("S003", E, "A required field is missing", "Add the field named."),
    RuleInfo(
        "S004",
        E,
        "A value is not one of those allowed",
        "Use one of the values listed in the message.",
    ),
    RuleInfo(
        "S005",
        E,
        "The same id is used twice",
        "Give each partner, theme, outcome, indicator, stream and freedom its own id.",
    ),
    RuleInfo(
        "S006",
        E,
        "A reference to an id that does not exist",
        "Use the id of a partner or outcome defined in the agreement (the message "
        "suggests the nearest), or add the missing one.",
    ),
    RuleInfo(
        "S007",
        E,
        "Text holds a character no document can hold",
        "Retype the text: control characters (such as a carriage return or form feed), "
        "non-characters and broken surrogates cannot go into Word, PDF or HTML.",
    ),
    RuleInfo(
        "S008",
        E,
        "A number that is not finite",
        "Write an ordinary number: not .nan or .inf, nor one too large to be a figure.",
    ),
    # ---- national indicators
    RuleInfo(
        "N001",
        E,
        "Not a National Indicator number",
        "National Indicators run from NI 1 to NI 199; check the number.",
    ),
    RuleInfo(
        "N002",
        E,
        "A withdrawn National Indicator (NI 31)",
        "Choose another indicator: this one was deleted from the National Indicator Set.",
    ),
    RuleInfo(
        "N003",
        E,
        "More than 35 designated targets",
        "Keep at most 35 designated improvement targets; make the others local targets.",
    ),
    RuleInfo(
        "N004",
        E,
        "Statutory education targets missing",
        "List all 16 statutory education and early years targets under 'statutory:'.",
    ),
    RuleInfo(
        "N005",
        E,
        "A statutory education target marked as a designated or local target",
        "Write 'type: statutory'; it may stay under the outcome it serves or go in 'statutory:'.",
    ),
    RuleInfo(
        "N006",
        E,
        "A target in the statutory list, or marked statutory, that is not one of the 16",
        "Make it a designated or local target under an outcome.",
    ),
    RuleInfo(
        "N007",
        E,
        "A designated target that is not a National Indicator",
        "Designated targets come from the National Indicator Set: give 'ni:', or make "
        "it 'type: local'.",
    ),
    RuleInfo(
        "N008",
        W,
        "A local indicator is not fully defined",
        "Give the title, definition, unit, data source and frequency.",
    ),
    RuleInfo(
        "N009",
        W,
        "An indicator's title does not match its National Indicator",
        "Check the NI number, or remove 'title:' to use the official title.",
    ),
    RuleInfo(
        "N010",
        E,
        "A kind of target this generation of agreement does not have",
        "Designated and statutory targets are for 2008–11 LAAs, mandatory ones for "
        "2006–09 LAAs; change 'type:'.",
    ),
    RuleInfo(
        "N011",
        W,
        "The same National Indicator designated twice",
        "Designate each indicator once; it counts towards the 35 and the reward once.",
    ),
    # ---- targets
    RuleInfo(
        "T001",
        E,
        "An outcome with no indicator",
        "Add at least one indicator with a baseline and targets.",
    ),
    RuleInfo(
        "T002",
        E,
        "An indicator with no baseline",
        "Give the baseline, or a placeholder saying what is missing, who provides it and by when.",
    ),
    RuleInfo(
        "T003",
        W,
        "A baseline that refers to a year after the agreement starts",
        "Check the baseline's 'period:'; a baseline normally comes from before the start.",
    ),
    RuleInfo(
        "T004",
        E,
        "A year of the period has no target",
        "Give a target for every year (for reward targets, the final year).",
    ),
    RuleInfo(
        "T005",
        E,
        "A target or amount for a year outside the period",
        "Use the financial years of the agreement, written like 2009/10.",
    ),
    RuleInfo(
        "T006",
        E,
        "A placeholder does not say who will provide the figure",
        "Add 'owner:' with the id of the partner who provides it.",
    ),
    RuleInfo(
        "T007",
        E,
        "A placeholder does not say when the figure will come",
        "Add 'due:' with a date (YYYY-MM-DD).",
    ),
    RuleInfo(
        "T008",
        W,
        "A placeholder's due date has passed",
        "Fill in the figure, or agree a new due date.",
    ),
    RuleInfo(
        "T009",
        W,
        "A target moves the wrong way from the baseline",
        "Check the final-year target against the baseline and the indicator's polarity; "
        "explain an expected worsening in 'notes:'. Stretch targets are left to T010.",
    ),
    RuleInfo(
        "T010",
        E,
        "A stretched level that is no better than the level without the agreement",
        "The 'with' level must be beyond the 'without' level.",
    ),
    RuleInfo(
        "T011",
        E,
        "A reward target without the level expected without the agreement",
        "Write the year's target as {without: …, with: …}.",
    ),
    RuleInfo(
        "T012",
        W,
        "A bare 'TBC' placeholder",
        "Write {missing: what, owner: partner id, due: YYYY-MM-DD}.",
    ),
    RuleInfo(
        "T013",
        W,
        "Whether higher or lower is better is not known",
        "Add 'polarity: higher' or 'polarity: lower' so targets can be checked.",
    ),
    RuleInfo(
        "T014",
        W,
        "Words in a figure's place that are not a figure, a placeholder or a relative target",
        "Write the figure, a placeholder {missing, owner, due}, 'N/A', or a relative target.",
    ),
    RuleInfo(
        "T015",
        W,
        "A target with no lead partner",
        "Add 'lead:' to the indicator or its outcome; several partners may share the lead.",
    ),
    RuleInfo(
        "T016",
        E,
        "A trigger level outside the stretch",
        "The trigger lies between the level without the agreement and the stretched level.",
    ),
    RuleInfo(
        "T017",
        W,
        "A theme or block with no outcomes",
        "Add its outcomes, or remove the theme.",
    ),
    # ---- funding
    RuleInfo("F001", E, "A negative amount", "Amounts are in pounds and cannot be negative."),
    RuleInfo(
        "F002",
        W,
        "A funding stream linked to no outcome",
        "List in 'outcomes:' the outcome ids the stream pays for (the golden thread).",
    ),
    RuleInfo(
        "F003",
        E,
        "A pooled stream without the owner's consent",
        "Record 'consent: true' once the owning partner agrees, or align it instead.",
    ),
    RuleInfo(
        "F004",
        E,
        "Stated funding totals do not add up",
        "Correct 'stated_totals' or the stream amounts so they agree.",
    ),
    RuleInfo(
        "F005",
        W,
        "Funding for a year outside the period",
        "Use the financial years of the agreement; an earlier round's goes in 'previous_amounts:'.",
    ),
    RuleInfo(
        "F006",
        E,
        "A funding stream with no treatment",
        "Say whether it is pooled, aligned, mandatory pooled, area based grant or passported.",
    ),
    RuleInfo(
        "F007",
        W,
        "A funding stream with no department",
        "Name the government department (or body) that owns the stream.",
    ),
    RuleInfo(
        "F008",
        W,
        "A funding stream with no amounts",
        "Give the amount for each year, so contributions are quantified.",
    ),
    RuleInfo(
        "F009",
        W,
        "An amount that is not known (the totals leave it out)",
        "Give the amount; meanwhile say who will provide it and when ('owner:', 'due:').",
    ),
    RuleInfo(
        "F010",
        W,
        "An amount awaited past its due date",
        "Fill in or confirm the amount, or agree a new date.",
    ),
    # ---- freedoms and flexibilities
    RuleInfo(
        "X001", E, "A freedom with no rationale", "Give the evidence and reasoning for the request."
    ),
    RuleInfo("X002", E, "A freedom with no department", "Name the department that owns the rule."),
    RuleInfo(
        "X003", E, "A freedom with no status", "Give its status: requested, agreed, refused, …"
    ),
    RuleInfo("X004", E, "A refused freedom with no reason", "Record government's reason."),
    RuleInfo(
        "X005",
        E,
        "A freedom agreed with conditions that does not state them",
        "Write the conditions in 'conditions:'.",
    ),
    RuleInfo(
        "X006",
        W,
        "A request for something the area can probably already do",
        "Check the power named in the message before asking government.",
    ),
    RuleInfo(
        "X007",
        W,
        "A freedom that does not say what barrier it removes or what it asks",
        "Fill in 'barrier:' and 'request:'.",
    ),
    # ---- reward
    RuleInfo(
        "R001",
        E,
        "Reward shares do not add up to 100%",
        "Give every reward target a share so they total 100, or give none (equal shares).",
    ),
    RuleInfo(
        "R002",
        W,
        "An LPSA with fewer than 10 or more than 15 stretch targets",
        "About a dozen stretch targets was judged right.",
    ),
    RuleInfo(
        "R003",
        E,
        "An LPSA with no reward base",
        "Give 'reward: net_budget_requirement:' for the base year.",
    ),
    RuleInfo(
        "R004",
        E,
        "A reward target in a 2008–11 LAA",
        "2008–11 LAAs reward designated targets: use 'type: designated'.",
    ),
    RuleInfo(
        "R005", W, "An LPSA with no pump priming grant", "Give 'reward: pump_priming_grant:'."
    ),
    RuleInfo(
        "R006",
        W,
        "A reward share on a target that is not a reward target",
        "Remove 'reward_share:' or make it 'type: reward'.",
    ),
    RuleInfo(
        "R007",
        E,
        "Fewer reward targets stated than are listed",
        "Correct 'reward: targets:', or leave it out when every target is listed.",
    ),
    RuleInfo(
        "R008",
        E,
        "Reward shares to divide a stated total that is not given",
        "Add 'reward: total:', or write 'shares_of: computed'.",
    ),
    # ---- the record of changes
    RuleInfo(
        "C001",
        W,
        "A change that does not say why it was made",
        "Add 'reason:' to the change: the commentary printed beside it.",
    ),
    RuleInfo(
        "C002",
        E,
        "An approved change still written as proposed",
        "Apply it: the new values in the item's fields, the earlier ones under 'was:'.",
    ),
    RuleInfo(
        "C003",
        W,
        "A change awaiting approval past its date",
        "Record the approval or rejection, or agree a new date.",
    ),
    RuleInfo(
        "C004",
        E,
        "A signed agreement with a change still awaiting approval",
        "Record the approval or rejection first, or mark the agreement refreshed.",
    ),
    # ---- the agreement as a whole
    RuleInfo("A001", W, "A date far outside the agreement's period", "Check the year of the date."),
    RuleInfo(
        "A002",
        E,
        "An agreed or signed agreement with no signatories",
        "List who signs for each party under 'signatories:'.",
    ),
    RuleInfo(
        "A003",
        E,
        "A signatory of a signed agreement without a name or date",
        "Give the name of the person and the date signed.",
    ),
    RuleInfo(
        "A004",
        E,
        "A signing partner who has not signed",
        "Add a signatory for every partner with 'signatory: true'.",
    ),
    RuleInfo(
        "A005",
        E,
        "An open item that does not say what, who or by when",
        "Give 'issue:', 'owner:' and 'due:' under 'open:'.",
    ),
    RuleInfo("A006", W, "An open item past its due date", "Settle it, or agree a new due date."),
    RuleInfo(
        "A007",
        W,
        "A two-tier (county) area with no districts",
        "List the district councils under 'area: districts:'.",
    ),
    RuleInfo(
        "A008",
        W,
        "A period that is not three years",
        "Agreements normally run for three financial years.",
    ),
    RuleInfo(
        "A009",
        W,
        "An agreement likely to run past 60 pages",
        "Shorten narratives or move detail to annexes; evaluations found long "
        "agreements hard to use.",
    ),
    RuleInfo("A010", W, "No vision", "Add a short vision tied to the Community Strategy."),
    RuleInfo(
        "A011",
        E,
        "No partner signs the agreement",
        "Mark the partners who sign with 'signatory: true'.",
    ),
    RuleInfo(
        "A012",
        E,
        "A signed agreement with items still open (other than freedoms still before government)",
        "Settle every open item before the agreement is signed.",
    ),
    RuleInfo(
        "A013",
        W,
        "A version with no date",
        "Add 'date:' with the date of this version.",
    ),
    # ---- comparing with an earlier version (validate --since, diff/since.py)
    RuleInfo(
        "D001",
        W,
        "A target, baseline or amount changed since the earlier version with no reason recorded",
        "Add an entry with a 'reason:' to the item's 'changes:' log saying why it changed.",
    ),
)

SEVERITY: dict[str, Severity] = {r.code: r.severity for r in RULES}

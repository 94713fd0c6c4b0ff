"""Statements shared by the evidence tests (written for them; not in any training file)."""

# Clear statements of one or two sentences, and the words of the phrase a reader would point
# to as the reason for the label (labeling guide: the typical signals of favor and against; a
# call such as "should return to the table" is the main clause, so its modal counts).
CLEAR = [
    (
        "Whatever happens on the battlefield, we must keep talking to the other side, "
        "because silence only breeds miscalculation.",
        "favor",
        ["must", "keep", "talking", "silence"],
    ),
    (
        "Only dialogue can end this standoff, so both governments should return to the "
        "negotiating table this month.",
        "favor",
        ["dialogue", "should", "return", "negotiating", "table"],
    ),
    (
        "I strongly support resuming negotiations, and I hope the envoys meet again before "
        "the end of the year.",
        "favor",
        ["support", "resuming", "negotiations"],
    ),
    (
        "Closing the embassy would seriously damage relations, so the government should "
        "reverse that decision and reopen it.",
        "favor",
        ["damage", "should", "reverse", "reopen"],
    ),
    (
        "The military hotline is cheap insurance against an accident, and it has to stay "
        "open in good times and bad.",
        "favor",
        ["hotline", "insurance", "stay", "open"],
    ),
    (
        "I urge both capitals to sit down together and negotiate a ceasefire without any "
        "further delay.",
        "favor",
        ["urge", "sit", "negotiate"],
    ),
    (
        "There is simply no point in talking with a government that has broken every "
        "promise it ever made.",
        "against",
        ["no", "point", "broken"],
    ),
    (
        "The government should cut all diplomatic ties with them and expel their ambassador "
        "before the week is out.",
        "against",
        ["should", "cut", "ties", "expel"],
    ),
    (
        "Any deal-making with these people would simply reward their aggression and give "
        "them time to rearm.",
        "against",
        ["reward", "rearm", "simply"],
    ),
    (
        "The so-called peace process is a trap set for propaganda, and our envoys should walk "
        "out of it today.",
        "against",
        ["trap", "propaganda", "should", "walk", "out"],
    ),
    (
        "Treating dialogue as a necessity is an illusion; force is the one argument that "
        "leadership respects.",
        "against",
        ["illusion", "force", "respects"],
    ),
    (
        "I am against holding any summit with that leadership; there can be no going back to "
        "business as usual.",
        "against",
        ["against", "no"],
    ),
    (
        "Keeping the embassy open, even with a skeleton staff, gives us a channel we will "
        "badly need when this crisis ends.",
        "favor",
        ["keeping", "open", "channel", "need"],
    ),
    (
        "Even at the height of the Cold War both sides kept a line open, and we should do "
        "the same now.",
        "favor",
        ["kept", "line", "open", "should"],
    ),
    (
        "I welcome the decision to resume the talks; regular meetings between the ministers "
        "are exactly what this relationship needs.",
        "favor",
        ["welcome", "resume", "meetings", "needs"],
    ),
    (
        "Cutting off contact with them would be a grave mistake, because channels are hardest "
        "to rebuild when they are needed most.",
        "favor",
        ["mistake", "grave", "channels", "rebuild"],
    ),
    (
        "Talks with this government are pointless, since it has lied at every meeting we have "
        "ever held with it.",
        "against",
        ["pointless", "lied"],
    ),
    (
        "We should freeze all contacts and downgrade the mission until their troops have left "
        "every occupied town.",
        "against",
        ["should", "freeze", "downgrade", "until"],
    ),
    (
        "Any summit now would hand them a propaganda victory and legitimise everything they "
        "have done.",
        "against",
        ["propaganda", "victory", "legitimise"],
    ),
    (
        "Their offer to negotiate is a stalling tactic, and we would be fools to fall for it "
        "again.",
        "against",
        ["stalling", "tactic", "fools"],
    ),
]

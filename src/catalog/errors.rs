//! WhatsApp, Meta and Genesys Cloud errors that matter around a migration, for
//! `wamigrate explain`: what each means, why it tends to appear during a migration, what to do,
//! and which wamigrate step prevents it. Every entry cites its public sources (tags in
//! `docs/sources.md`); the wording is ours.

/// One known error.
#[derive(Debug)]
pub struct ErrorDef {
    /// The code as Meta or Genesys shows it (`131026`), or a short key for an error with no
    /// number (`unknown-error-saving-integration`).
    pub code: &'static str,
    /// Other codes or phrases that name the same error.
    pub aliases: &'static [&'static str],
    /// Short title.
    pub title: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// Why it shows up during a migration, when it does.
    pub during_migration: &'static str,
    /// What to do.
    pub action: &'static str,
    /// Catalogue steps that prevent it (empty: nothing in the runbook prevents it).
    pub prevented_by: &'static [&'static str],
    /// Public sources of the entry.
    pub sources: &'static [&'static str],
}

/// Every known error, Genesys's first, then Meta's by code, then Twilio's.
pub static ERRORS: &[ErrorDef] = &[
    ErrorDef {
        code: "unknown-error-saving-integration",
        aliases: &["Unknown error saving integration"],
        title: "Genesys Cloud: unknown error saving the integration",
        meaning: "Genesys Cloud could not register the number while creating or saving the WhatsApp integration; the message wraps a registration error from Meta.",
        during_migration: "In a migration, the usual cause is two-step verification still turned on for the number in the source WABA. When a number that was in Genesys Cloud before (another region or org) is integrated again, it is a 6-digit PIN that is not the one set when the number was first integrated.",
        action: "Migrating: turn off two-step verification in the source WABA (WhatsApp Manager), then save again. Re-integrating: enter the original 6-digit PIN, or change the PIN in WhatsApp Manager (or ask Genesys to) and use the new one.",
        prevented_by: &["disable-two-step-verification", "have-registration-pin"],
        sources: &["GFAQ"],
    },
    ErrorDef {
        code: "33",
        aliases: &[],
        title: "Parameter value not valid: phone number deleted",
        meaning: "Meta answers that a parameter is not valid because the business phone number it names has been deleted.",
        during_migration: "Calls still aimed at a number that was deleted from its WABA (the old partner's setup, or a name change's delete step) before it was added again.",
        action: "Check that the number still exists in the WABA the request names; add, verify and register it again if it was deleted.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "100",
        aliases: &["Invalid parameter"],
        title: "Invalid parameter",
        meaning: "The request has a missing, misspelled or wrong parameter; on registration, also a phone-number id that does not belong to the WABA or app making the call.",
        during_migration: "Registering with the phone-number id from the old WABA or the old partner's app instead of the destination's.",
        action: "Check every parameter against Meta's reference, and use the phone-number id the destination WABA shows.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "368",
        aliases: &[],
        title: "Temporarily blocked for policy violations",
        meaning: "The WhatsApp Business Account is restricted after policy violations.",
        during_migration: "A restricted source WABA cannot hand its numbers over until Meta's review lifts the restriction.",
        action: "Follow Meta's policy enforcement process (Business Support Home) and wait for the review before planning the cutover.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "130429",
        aliases: &["Rate limit hit"],
        title: "Throughput limit reached",
        meaning: "The number sent more messages per second than its throughput level allows (80 a second by default).",
        during_migration: "A backlog of messages sent at once right after the cutover; while Meta raises a number's throughput the number can be unusable for about a minute.",
        action: "Send more slowly and retry later; spread announcement sends over time.",
        prevented_by: &[],
        sources: &["MERR", "MTHR"],
    },
    ErrorDef {
        code: "130472",
        // The description the Genesys FAQ and Meta's answer give.
        aliases: &["472", "User's number is part of an experiment"],
        title: "Recipient is part of a marketing experiment",
        meaning: "Meta did not send a marketing template to this person because their number is in a marketing-message experiment; the message is not billed.",
        during_migration: "Not caused by the migration, but often first noticed while testing templates right after it.",
        action: "Reach the person inside an open customer-service window or through another channel; do not retry the template.",
        prevented_by: &[],
        sources: &["GFAQ", "MEXP"],
    },
    ErrorDef {
        code: "131026",
        aliases: &["Message undeliverable"],
        title: "Message undeliverable",
        meaning: "Meta could not deliver the message: the recipient is not on WhatsApp, has not accepted the current terms of service, or runs a WhatsApp older than Android/SMBA 2.21.15.15, iOS/SMBI 2.21.170.4, KaiOS 2.2130.10 or Web 2.2132.6.",
        during_migration: "Not caused by the migration; a test recipient on an old app or a number that is not on WhatsApp looks like a failed cutover.",
        action: "Ask the person, through another channel, to send a message to your WhatsApp number, accept the terms and update WhatsApp; then try again.",
        prevented_by: &[],
        sources: &["GFAQ", "MERR"],
    },
    ErrorDef {
        code: "131031",
        aliases: &[],
        title: "Business account locked",
        meaning: "The WhatsApp Business Account is restricted or disabled, or the data in the request does not match it.",
        during_migration: "A disabled or restricted WABA blocks the migration until Meta reinstates it: the source WABA of a migration, and the WABA a region/org move or a display-name change keeps, where the number registers again.",
        action: "Check the account's health in WhatsApp Manager and request a review in Meta Business Support Home; plan the cutover after reinstatement.",
        prevented_by: &["source-waba-reinstated"],
        sources: &["MERR", "GFAQ"],
    },
    ErrorDef {
        code: "131042",
        aliases: &[],
        title: "Business eligibility: payment problem",
        meaning: "The destination account cannot be billed: no credit line or one over its limit, the WABA deleted or suspended, its time zone or currency not set.",
        during_migration: "Right after a migration, when the destination WABA's credit line is not attached yet. A WABA created through Genesys Cloud's Embedded Signup gets Genesys's credit line only once a first new number is registered in it; Meta then bills Genesys, which passes the charges on.",
        action: "Register a first new number in the destination WABA through Genesys Cloud's Embedded Signup before the cutover (a throw-away number will do): that attaches Genesys's credit line. If one is registered and the error stays, ask Genesys to check the credit line on the WABA.",
        prevented_by: &["destination-waba-credit-line"],
        sources: &["MERR", "GMIG", "GFAQ"],
    },
    ErrorDef {
        code: "131045",
        aliases: &[],
        title: "Incorrect certificate",
        meaning: "The sending number's registration is not valid.",
        during_migration: "A number whose registration did not complete (an interrupted cutover) sends with a stale certificate.",
        action: "Register the number again: save the Genesys Cloud integration once more.",
        prevented_by: &["save-integration"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "131047",
        aliases: &[],
        title: "Re-engagement message",
        meaning: "More than 24 hours have passed since the person last wrote, so only a template can be sent.",
        during_migration: "Conversations open at the old partner do not carry their window over; agents answering after the cutover may hit it.",
        action: "Send an approved template (a canned response in Genesys Cloud) to reopen the conversation.",
        prevented_by: &["create-canned-responses"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "131048",
        aliases: &["Spam rate limit hit"],
        title: "Spam rate limit: messages restricted",
        meaning: "Meta restricted how many messages the number may send because many of its messages were blocked or reported as spam.",
        during_migration: "Not caused by the migration, but a burst of messages after the cutover to people who do not expect them can trigger it.",
        action: "Check the number's quality rating in WhatsApp Manager, send only to people who opted in, and slow down.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "131049",
        // The description the Genesys FAQ and Meta's answer give, so that pasting it finds this.
        aliases: &[
            "healthy ecosystem",
            "This message was not delivered to maintain a healthy ecosystem",
        ],
        title: "Not delivered to keep the ecosystem healthy",
        meaning: "Meta chose not to deliver a marketing template: each person receives only a limited number of marketing messages from businesses in a period.",
        during_migration: "Not caused by the migration; a burst of announcement templates around the cutover can trigger it.",
        action: "Back off before retrying (for example 12, 24, then 48 hours), prefer utility templates, and target people who engage.",
        prevented_by: &[],
        sources: &["GFAQ", "CHK"],
    },
    ErrorDef {
        code: "131056",
        aliases: &["Pair rate limit hit"],
        title: "Pair rate limit: too many messages to one person",
        meaning: "Too many messages went from the number to the same person in a short time (roughly one every six seconds at most).",
        during_migration: "Test messages fired at one tester's phone right after the cutover; other recipients are not affected.",
        action: "Wait before sending to that person again; test with a few recipients rather than one at high speed.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "132000",
        aliases: &["Template Param Count Mismatch"],
        title: "Template parameter count mismatch",
        meaning: "The request carries a different number of variable values than the template defines.",
        during_migration: "Canned responses or flows configured in Genesys Cloud for a template whose variables differ from the copy in the destination WABA.",
        action: "Send a value for every variable the template defines; check the canned response against the template.",
        prevented_by: &["create-canned-responses"],
        sources: &["GFAQ", "MERR"],
    },
    ErrorDef {
        code: "132001",
        aliases: &["Template does not exist"],
        title: "Template does not exist",
        meaning: "No approved template with this name exists in this language in the WABA.",
        during_migration: "Templates that were not copied to the destination WABA (only Approved templates with quality Green are), or that must be re-created after a migration that does not duplicate templates.",
        action: "Check in WhatsApp Manager that the template is approved in the destination WABA under that exact name and locale; re-create and submit it if it is missing.",
        prevented_by: &["review-duplicated-templates", "create-canned-responses"],
        sources: &["GFAQ", "MERR"],
    },
    ErrorDef {
        code: "132005",
        aliases: &["Template Hydrated Text Too Long"],
        title: "Template text too long once filled in",
        meaning: "With the variable values filled in, the template's text exceeds Meta's length limit.",
        during_migration: "Canned responses or flows that fill in longer values than the old platform did.",
        action: "Shorten the values sent for the variables, or the template's own text.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "132007",
        aliases: &["Template Format Character Policy Violated"],
        title: "Template format breaks Meta's policy",
        meaning: "The filled-in template breaks Meta's formatting rules (characters or formatting not allowed).",
        during_migration: "Values sent from Genesys Cloud flows that carry characters the old platform stripped.",
        action: "Fix the content or the values sent so the message follows Meta's template formatting rules.",
        prevented_by: &[],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "132012",
        aliases: &["Template Parameter Format Mismatch"],
        title: "Template parameter in the wrong format",
        meaning: "A variable value does not have the format the template defines for it (for example a currency or a date).",
        during_migration: "Canned responses configured with values in another format than the copied template expects.",
        action: "Send each variable in the format the template defines; check the canned response against the template.",
        prevented_by: &["create-canned-responses"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "132015",
        aliases: &["132016"],
        title: "Template paused or disabled",
        meaning: "Meta paused the template for low quality (132015), or disabled it after repeated pauses (132016).",
        during_migration: "A template with a yellow or red quality is not copied and keeps its problems if re-created unchanged.",
        action: "Edit the template and submit it again (paused), or create a new one (disabled).",
        prevented_by: &["review-duplicated-templates"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "133000",
        aliases: &[],
        title: "Incomplete deregistration",
        meaning: "An earlier deregistration of the number did not finish.",
        during_migration: "A number deleted from the old partner whose release did not complete.",
        action: "Deregister the number again, then register it (save the integration).",
        prevented_by: &["wait-for-release"],
        sources: &["MERR", "CHK"],
    },
    ErrorDef {
        code: "133004",
        aliases: &[],
        title: "Server temporarily unavailable",
        meaning: "Meta's service is briefly unavailable (HTTP 503).",
        during_migration: "Any registration attempt during the cutover.",
        action: "Wait and retry with back-off; check Meta's status page. Each retry of a registration counts against the registration limit (133016).",
        prevented_by: &[],
        sources: &["MERR", "CHK"],
    },
    ErrorDef {
        code: "133005",
        aliases: &[],
        title: "Two-step verification PIN mismatch",
        meaning: "The 6-digit PIN given when registering is not the number's two-step verification PIN.",
        during_migration: "Re-integrating a number that was in Genesys Cloud before with a PIN other than the original one.",
        action: "Use the original PIN, or turn two-step verification off in WhatsApp Manager and set a new PIN. Never write the PIN into a plan.",
        prevented_by: &["have-registration-pin", "disable-two-step-verification"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "133006",
        aliases: &[],
        title: "Phone number needs to be verified again",
        meaning: "The number must be verified with a one-time code before it can be registered.",
        during_migration: "The Embedded Signup verification step was skipped, its code expired, or the code never reached the line (an IVR answered the call, or the call forwarding of an SMS-inventory number was not set up). One partner also reports it after about three wrong PINs on a registration: re-integrating a number (another region or org, a display-name change) with a guessed PIN can cost a new verification on top of the lockout.",
        action: "Request a new code (SMS or voice call) and verify it, then register; have someone at the line again, as for the first verification. If wrong PINs led here, get the right PIN (or set a new one in WhatsApp Manager) before registering again.",
        // The line steps (inferred): what keeps the code from reaching the number keeps it from
        // being verified (GFAQ on IVRs and SMS-inventory numbers; MPN). Wrong PINs (MISC/Wapisnap,
        // one partner's observation) are kept off by knowing the PIN.
        prevented_by: &[
            "have-registration-pin",
            "verify-number-in-embedded-signup",
            "confirm-forward-to-line-answers",
            "bypass-ivr-for-verification",
            "route-calling-numbers",
            "confirm-international-reachability",
        ],
        sources: &["MERR", "GFAQ", "MPN", "MISC/Wapisnap"],
    },
    ErrorDef {
        code: "133008",
        aliases: &["133009"],
        title: "Too many PIN guesses (or guesses too fast)",
        meaning: "Registration is locked after too many wrong PINs (133008), or the PIN was tried too quickly (133009).",
        during_migration: "Guessing a lost PIN during the cutover.",
        action: "Stop guessing; retry after the time Meta gives in the error details, or reset the PIN in WhatsApp Manager.",
        prevented_by: &["have-registration-pin"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "133010",
        aliases: &[],
        title: "Phone number not registered",
        meaning: "The number is not registered on the WhatsApp Business Platform.",
        during_migration: "Sending before the integration was saved, or after a registration that failed.",
        action: "Register the number (save the Genesys Cloud integration) before sending.",
        prevented_by: &["save-integration"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "133015",
        aliases: &[],
        title: "Number recently deleted",
        meaning: "The number was deleted moments ago and its deletion is still completing.",
        during_migration: "Registering too soon after deleting the number from the old partner or the app.",
        action: "Wait about 5 minutes, then register again.",
        prevented_by: &["wait-for-release", "wait-until-offline"],
        sources: &["MERR"],
    },
    ErrorDef {
        code: "133016",
        aliases: &[],
        title: "Too many registrations or deregistrations",
        meaning: "The number exceeded Meta's limit of registration attempts: 10 per number in a moving 72-hour window (another reading: 10 registrations and 10 deregistrations a week).",
        during_migration: "Repeated save attempts, region moves and display-name cycles on one number.",
        action: "Wait until the window frees an attempt (up to 72 hours, or a week on the stricter reading); plan fewer retries. Declare earlier attempts under the number's `registrations` so that `dry-run` warns (registration-quota-exceeded) before a plan exceeds the limit, and says when it frees up.",
        prevented_by: &[],
        sources: &["MREG", "MREG2"],
    },
    ErrorDef {
        code: "2388001",
        aliases: &["100/2388001", "Cannot create certificate"],
        title: "Cannot create the certificate: display name not ready",
        meaning: "Meta cannot issue the number's certificate because its display name is not approved or not provisioned yet.",
        during_migration: "Registering a number whose display name is still under review or was declined.",
        action: "Wait until WhatsApp Manager shows the name as approved (or edit it and resubmit), then register.",
        prevented_by: &["confirm-display-name-approved"],
        sources: &["CWT"],
    },
    ErrorDef {
        code: "2388012",
        aliases: &[],
        title: "Number already in the destination WABA",
        meaning: "The number is already in the WhatsApp Business Account it is being moved to.",
        during_migration: "A migration started twice, or the wrong destination WABA id.",
        action: "No migration is needed if it is already there; otherwise correct the destination WABA.",
        prevented_by: &[],
        sources: &["CHK"],
    },
    ErrorDef {
        code: "2388091",
        aliases: &["2388093"],
        title: "Ownership verification not available",
        meaning: "The code request or verification used for migrations is not available for this number: it is not in a migration, or it is not eligible.",
        during_migration: "Requesting a code outside the migration flow, or again too soon (one integrator waited about an hour).",
        action: "Use the standard registration for a number that is not registered anywhere; otherwise wait before requesting another code.",
        prevented_by: &[],
        sources: &["CHK", "MBMERR"],
    },
    ErrorDef {
        code: "2388024",
        aliases: &[],
        title: "Template already exists with this name and language",
        meaning: "A template with the same name and language already exists in the WABA. Known only from an integrator's mock of Meta's answers, not from Meta's documentation.",
        during_migration: "Re-creating, in the destination WABA, a template that Meta's duplication already copied there, or one that another source WABA's copy already brought under the same name and language (the warning template-name-clash says so beforehand).",
        action: "Check the destination WABA's templates before re-creating one; give a new template another name.",
        prevented_by: &["review-duplicated-templates"],
        sources: &["MISC/TPLMOCK"],
    },
    ErrorDef {
        code: "2388135",
        aliases: &[],
        title: "Display name does not match the verified business",
        meaning: "Meta rejects the display name because it does not match the business that was verified. Known only from a partner's sample answer, not from Meta's documentation.",
        during_migration: "A name changed along with the move, or a number moved into a portfolio whose verified business has another name.",
        action: "Choose a display name that matches the verified business (or a brand it shows), and submit it again.",
        prevented_by: &["confirm-display-name-approved", "new-display-name-approved"],
        sources: &["KAP"],
    },
    ErrorDef {
        code: "migration-needs-two-step-verification-off",
        aliases: &[
            "Two-step verification must be disabled",
            "2SV must be disabled",
        ],
        title: "Migration refused: two-step verification is on",
        meaning: "Meta refuses to migrate the number while two-step verification is turned on for it.",
        during_migration: "Starting the migration before two-step verification was turned off in the source WABA.",
        action: "Turn off two-step verification in WhatsApp Manager and click the confirmation link Meta e-mails, then start the migration again.",
        prevented_by: &["disable-two-step-verification"],
        sources: &["MBMERR"],
    },
    ErrorDef {
        code: "destination-waba-webhooks-not-set-up",
        aliases: &["Webhooks not set up for destination WABA"],
        title: "Migration refused: the destination WABA has no webhook subscription",
        meaning: "Meta requires an app subscribed to the destination WABA's webhooks before it migrates a number into it.",
        during_migration: "A destination WABA created by hand rather than through the destination platform's signup.",
        action: "Create the destination WABA through Genesys Cloud's Embedded Signup, which subscribes it, or have the app subscribed before migrating.",
        prevented_by: &["destination-waba-credit-line"],
        sources: &["MBMERR"],
    },
    ErrorDef {
        code: "migration-needs-approved-display-name",
        aliases: &["Must have approved display name"],
        title: "Migration refused: the display name is not approved",
        meaning: "Meta migrates a number only once its display name is approved.",
        during_migration: "A name still in review, or declined, at the moment of the migration.",
        action: "Wait until WhatsApp Manager shows the name as approved, or edit and resubmit it, then migrate.",
        prevented_by: &["confirm-display-name-approved"],
        sources: &["MBMERR"],
    },
    ErrorDef {
        code: "eligible-to-be-added-directly",
        aliases: &["Eligible to be added directly"],
        title: "No migration needed: the number can be added directly",
        meaning: "The number is not registered anywhere, so the migration APIs do not apply to it.",
        during_migration: "A number planned as a migration that was already released from its old WABA, or never registered.",
        action: "Add it to the destination WABA, verify it and register it as a new number (the `new` route).",
        prevented_by: &[],
        sources: &["MBMERR"],
    },
    ErrorDef {
        code: "certificate-after-ownership-confirmed",
        aliases: &["Certificate only after ownership confirmed"],
        title: "Registration refused before ownership is confirmed",
        meaning: "Meta issues the number's certificate only after the one-time code proved ownership.",
        during_migration: "Saving the integration before the number was verified with the code Meta sends.",
        action: "Request and enter the verification code first (Embedded Signup does both), then register.",
        prevented_by: &["verify-number-in-embedded-signup"],
        sources: &["MBMERR"],
    },
    ErrorDef {
        code: "migration-template-cap-exceeded",
        aliases: &["Template cap exceeded"],
        title: "Migration: the destination WABA is at its template cap",
        meaning: "The destination WABA already holds as many message templates as Meta allows it (250 while the business is unverified; up to 6,000 once it is verified and one of its numbers has an approved display name), so no more templates go into it.",
        during_migration: "Moving numbers from several source WABAs into one destination WABA: the copies of their approved templates add up and stop at the cap, and the rest must be created again by hand, which the cap refuses as well.",
        action: "Delete templates the destination WABA no longer needs, or raise the cap: verify the business and have a display name approved. List the templates in the plan to be warned beforehand (template-cap-exceeded).",
        prevented_by: &["verify-business"],
        sources: &["MBMERR", "MTPL"],
    },
    ErrorDef {
        code: "deletion-blocked-by-paid-messages",
        aliases: &["Paid messages sent in the last 30 days"],
        title: "The number cannot be deleted from its WABA yet",
        meaning: "Meta does not delete a number from a WABA while it has sent paid messages in the last 30 days. Known from a partner's help page citing Meta; no error code or wording from Meta's documentation.",
        during_migration: "Removing a partner's number from its WABA ahead of the cutover (`disconnect_ahead: true`), when it still sent template messages in the month before (the warning removal-blocked-by-paid-messages says so beforehand).",
        action: "Stop paid messages from the number and remove it 30 days after the last one, or migrate it between WABAs without removing it first (`disconnect_ahead: false`).",
        prevented_by: &[],
        sources: &["MISC/Woztell"],
    },
    // Twilio's own codes, met by numbers that migrate away from Twilio.
    ErrorDef {
        code: "63032",
        aliases: &[],
        title: "Twilio: the recipient is in Meta's marketing message experiment",
        meaning: "Twilio's code for Meta's 130472: the person is in Meta's experiment group and received no marketing template.",
        during_migration: "Not caused by the migration; it may be mistaken for a delivery failure of the move.",
        action: "Nothing to fix; such messages are not billed. Use another channel for that person if the message matters.",
        prevented_by: &[],
        sources: &["TWL", "MEXP"],
    },
    ErrorDef {
        code: "63059",
        aliases: &[],
        title: "Twilio: the number migrated to another WABA",
        meaning: "Twilio's code for a request that names a number's old WABA after the number moved to another one.",
        during_migration: "Systems still sending through the old partner, or with the old WABA id, after the cutover.",
        action: "Send through Genesys Cloud, with the destination WABA, once the integration is saved; switch the old integrations off.",
        prevented_by: &[],
        sources: &["TWL"],
    },
    ErrorDef {
        code: "63060",
        aliases: &["63124"],
        title: "Twilio: the display name was declined or rejected",
        meaning: "Twilio's codes for a display name that Meta's review declined (63124) or rejected (63060).",
        during_migration: "A name submitted for the move that does not follow Meta's display-name rules.",
        action: "Edit the name to follow Meta's display-name guidelines and submit it again; the number cannot register with the new name until it is approved.",
        prevented_by: &["confirm-display-name-approved", "new-display-name-approved"],
        sources: &["TWL", "MDN"],
    },
    ErrorDef {
        code: "63128",
        aliases: &[],
        title: "Twilio: a display-name change is already pending",
        meaning: "Twilio's code (HTTP 409) for a name change requested while another one is still in review: only one change at a time.",
        during_migration: "A second name edit sent before Meta decided on the first.",
        action: "Wait for Meta's decision on the pending name, then change it again if needed (at most 10 changes in 30 days).",
        prevented_by: &["new-display-name-approved"],
        sources: &["TWL", "MDN"],
    },
];

/// The entry for a code or alias (exact, case-insensitive).
#[must_use]
pub fn find(code: &str) -> Option<&'static ErrorDef> {
    let wanted = code.trim();
    ERRORS.iter().find(|e| {
        e.code.eq_ignore_ascii_case(wanted)
            || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted))
    })
}

/// Entries whose title, meaning or aliases contain every word of `phrase` (case-insensitive).
#[must_use]
pub fn search(phrase: &str) -> Vec<&'static ErrorDef> {
    // Words that say what was meant: three letters or more (or digits), not the small words of
    // every sentence; `x` or `the` alone finds nothing rather than the first text holding it.
    const SMALL: &[&str] = &[
        "the", "and", "for", "with", "was", "has", "not", "are", "this", "that", "from",
    ];
    let words: Vec<String> = phrase
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            (w.chars().count() >= 3 || w.chars().any(char::is_numeric))
                && !SMALL.contains(&w.as_str())
                && !w.is_empty()
        })
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    ERRORS
        .iter()
        .filter(|e| {
            let text = format!(
                "{} {} {} {}",
                e.code,
                e.title,
                e.meaning,
                e.aliases.join(" ")
            )
            .to_lowercase();
            // Each word starts a word of the text (`integr` finds "integration", `ration` does
            // not).
            let starts: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            words
                .iter()
                .all(|w| starts.iter().any(|t| t.starts_with(w.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCES_MD: &str = include_str!("../../docs/sources.md");

    #[test]
    fn a_search_needs_words_that_say_something_and_matches_word_starts() {
        for nothing in ["x", "a", "the", "y", "of the", "ration"] {
            assert!(search(nothing).is_empty(), "{nothing}");
        }
        assert!(!search("unknown error saving integration").is_empty());
        assert!(!search("Unknown ERROR saving").is_empty());
        assert!(!search("integr").is_empty());
    }

    #[test]
    fn every_error_has_a_source_a_meaning_and_a_resolution() {
        for e in ERRORS {
            assert!(!e.sources.is_empty(), "{}", e.code);
            assert!(!e.meaning.is_empty() && !e.action.is_empty(), "{}", e.code);
            for s in e.sources {
                let row = format!("| `{s}` |");
                assert!(
                    SOURCES_MD.contains(&row),
                    "{}: source {s} is not in docs/sources.md",
                    e.code
                );
            }
        }
    }

    #[test]
    fn a_code_that_cannot_reach_the_line_is_a_cause_of_needing_verification_again() {
        // Each way a line keeps Meta's code from the number has a step that 133006 names.
        let e = ERRORS.iter().find(|e| e.code == "133006").expect("133006");
        for step in [
            "confirm-forward-to-line-answers",
            "bypass-ivr-for-verification",
            "route-calling-numbers",
            "confirm-international-reachability",
        ] {
            assert!(e.prevented_by.contains(&step), "{step}");
        }
        assert!(e.during_migration.contains("never reached the line"));
    }

    #[test]
    fn every_step_that_prevents_an_error_exists() {
        let ids = crate::catalog::all_step_ids();
        for e in ERRORS {
            for s in e.prevented_by {
                assert!(ids.contains(s), "{}: no step {s}", e.code);
            }
        }
    }

    #[test]
    fn codes_and_aliases_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for e in ERRORS {
            for key in std::iter::once(&e.code).chain(e.aliases) {
                assert!(seen.insert(key.to_lowercase()), "{key} twice");
            }
        }
    }

    /// Every numbered code of the domain facts' error table, Twilio's too, but 136025, which no
    /// source confirms; the two known only from samples say so.
    #[test]
    fn the_error_table_of_the_domain_facts_is_all_there() {
        for code in [
            "368", "131048", "131056", "130429", "132005", "132007", "132012", "132015", "132016",
            "133000", "133004", "133005", "133006", "133008", "133009", "133010", "133015",
            "133016", "33", "100", "2388001", "2388012", "2388091", "2388093", "2388135",
            "2388024", "63059", "63032", "63124", "63060", "63128",
        ] {
            assert!(find(code).is_some(), "{code}");
        }
        assert!(find("136025").is_none());
        // The Business Management API's migration refusals, which have no number.
        for message in [
            "2SV must be disabled",
            "Webhooks not set up for destination WABA",
            "Must have approved display name",
            "Eligible to be added directly",
            "Certificate only after ownership confirmed",
            "Template cap exceeded",
        ] {
            assert!(
                find(message).is_some_and(|e| e.sources.contains(&"MBMERR")),
                "{message}"
            );
        }
        // Written as Twilio's docs name them, they are found by search.
        assert_eq!(search("Twilio 63059").len(), 1);
        for code in ["2388135", "2388024"] {
            assert!(
                find(code).unwrap().meaning.contains("Known only from"),
                "{code}"
            );
        }
    }

    #[test]
    fn the_genesys_faq_codes_are_all_there() {
        for code in ["131049", "130472", "132000", "132001", "131026"] {
            assert!(
                find(code).is_some_and(|e| e.sources.contains(&"GFAQ")),
                "{code}"
            );
        }
        // Pasting the description the FAQ gives for a code finds that code.
        for (description, code) in [
            (
                "This message was not delivered to maintain a healthy ecosystem.",
                "131049",
            ),
            ("User's number is part of an experiment", "130472"),
            ("Template Param Count Mismatch", "132000"),
            ("Template does not exist", "132001"),
            ("Message Undeliverable", "131026"),
        ] {
            let found = find(description).map_or_else(|| search(description), |e| vec![e]);
            assert_eq!(
                found.iter().map(|e| e.code).collect::<Vec<_>>(),
                [code],
                "{description}"
            );
        }
        let saving = search("unknown error saving integration");
        assert_eq!(saving.len(), 1);
        assert!(
            saving[0]
                .prevented_by
                .contains(&"disable-two-step-verification")
        );
    }
}

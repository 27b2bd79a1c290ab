//! The step catalogue: every step wamigrate knows, and the route of each source kind.
//!
//! Each [`StepDef`] says in our own words why the step matters and what to do, and cites the
//! public sources (tags explained in `docs/sources.md`). Routes list steps in runbook order; `after`
//! names the steps that must be done first. Durations come from the sources where they give one;
//! a plan can override any of them (`overrides:`) where sources disagree.

use super::{
    BillingRule, Clock, Condition, Estimate, Fact, FleetStep, FleetWhen, Owner, Payer, Phase,
    Route, RouteStep, SourceKind, StepDef, step,
};

// ---------------------------------------------------------------------------------------------
// Fleet steps: one node each, shared by every number.

/// Admin access to the customer's Meta business portfolio, and a Meta login.
pub static PORTFOLIO_ACCESS: StepDef = StepDef {
    id: "meta-portfolio-access",
    title: "Get admin access to the Meta business portfolio",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(15, 120, 480)),
    clock: Clock::Working,
    done_when: "Done when the person who runs the signup can log in to Meta with admin rights on the portfolio.",
    reason: "Embedded Signup creates WABAs and adds numbers only for someone logged in to Meta with access to the business portfolio; without it no number can be registered in Genesys Cloud.",
    action: "Make sure the person running the signup has a Facebook/Meta login and admin rights on the business portfolio (a partner can be added as a person or be given the WABA as a partner asset).",
    sources: &["GFAQ", "inferred"],
};

/// A Genesys partner that runs the migration gets access to the customer's WABA.
pub static PARTNER_WABA_ACCESS: StepDef = StepDef {
    id: "partner-waba-access",
    title: "Give the implementation partner access to the customer's WABA",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(15, 60, 480)),
    clock: Clock::Working,
    done_when: "Done when the partner's people can open the customer's WABA in Meta with the access the migration needs.",
    reason: "A Genesys partner that drafts or runs the migration sees nothing of the customer's WABA until the customer grants access. Genesys names two ways; sharing the WABA as an asset with the partner's own business portfolio is the more secure one, since the partner gets no access to the customer's portfolio.",
    action: "Preferred: the partner creates (or uses) its own Meta business portfolio, and the customer shares the WABA with it as a partner asset, with the access the work needs; the partner then sees the WABA from its own portfolio. Otherwise: the customer adds the partner's people to its business portfolio and assigns them the WABA assets.",
    sources: &["GFAQ", "inferred"],
};

/// Meta verifies the customer's business, when the plan needs more numbers than an unverified one
/// may hold.
pub static VERIFY_BUSINESS: StepDef = StepDef {
    id: "verify-business",
    title: "Verify the business in Meta's Security Center",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate {
        min: crate::catalog::Amount::Minutes(10),
        expected: crate::catalog::Amount::BusinessDays(14),
        max: Some(crate::catalog::Amount::BusinessDays(14)),
    }),
    clock: Clock::Working,
    done_when: "Done when Meta shows the business portfolio as verified (then set `destination.business_verified: true`). Meta's review takes 10 minutes to 14 working days; the default expects the longest.",
    reason: "An unverified business portfolio holds only a few phone numbers (2 per other partners' documentation) and cannot request an Official Business Account; this plan brings it more numbers than that. Verification confirms the business is a legal entity and raises the limits.",
    action: "Start business verification in the portfolio's Security Center early, with the legal name, address and documents ready; until it is done, register no more numbers than the unverified limit.",
    sources: &["GFAQ", "MISC/Landbot", "MISC/Wati", "inferred"],
};

/// The destination WABA exists and has Genesys's credit line, via a first registered number.
pub static DESTINATION_CREDIT_LINE: StepDef = StepDef {
    id: "destination-waba-credit-line",
    title: "Create the destination WABA and register a first new number in it",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(10, 20, 60)),
    clock: Clock::Working,
    done_when: "Done when the first new number is registered in the destination WABA (its integration saved).",
    reason: "Genesys's credit line is attached to an Embedded Signup WABA only once a new number is registered there, and Meta will not migrate a number into a WABA without a payment method.",
    action: "Run Embedded Signup from Genesys Cloud, create the destination WABA and register one brand-new number: a new (or phone-app) number of this plan, registered first, or a throw-away test number, which can be deleted after the migrations.",
    sources: &["GMIG", "GFAQ", "inferred"],
};

/// The fleet steps, in runbook order.
pub static FLEET: [FleetStep; 5] = [
    // First: when a partner runs the signup, its access is part of having portfolio access.
    FleetStep {
        def: &PARTNER_WABA_ACCESS,
        after: &[],
        when: FleetWhen::PartnerRuns,
    },
    FleetStep {
        def: &PORTFOLIO_ACCESS,
        after: &["partner-waba-access"],
        when: FleetWhen::Always,
    },
    FleetStep {
        def: &DESTINATION_CREDIT_LINE,
        after: &["meta-portfolio-access"],
        when: FleetWhen::SomeWabaMigration,
    },
    FleetStep {
        def: &INBOUND_ROUTING,
        after: &[],
        when: FleetWhen::SomeArrival,
    },
    FleetStep {
        def: &VERIFY_BUSINESS,
        after: &[],
        when: FleetWhen::VerificationNeeded,
    },
];

// ---------------------------------------------------------------------------------------------
// Steps used by several routes.

/// The number's display name is approved by Meta.
pub static DISPLAY_NAME_APPROVED: StepDef = StepDef {
    id: "confirm-display-name-approved",
    title: "Confirm the display name is approved",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(10, 2880, 10080)),
    clock: Clock::Around,
    done_when: "Done when WhatsApp Manager shows the name as approved; Meta's review runs around the clock (minutes to hours per Genesys, 24-48 hours or up to 7 days per other partners: the longer figures are the default).",
    reason: "Meta refuses to migrate a number whose display name is not approved, and registering before the name is provisioned fails with error 2388001.",
    action: "Check the name status in WhatsApp Manager while the number is still with its current provider; if it is pending or declined, fix the name and wait for approval, then set `display_name_status: approved`.",
    // The estimate's figures: Genesys's minutes to hours (GFAQ), Kapso's 24-48 hours (KAP) and
    // Zymbler's up to 7 days, the longest (MISC/Zymbler); the rule itself is MBMERR's.
    sources: &["MBMERR", "MISC/Blip", "CWT", "GFAQ", "KAP", "MISC/Zymbler"],
};

/// Confirm that WhatsApp Business is available in the number's country.
pub static CONFIRM_COUNTRY: StepDef = StepDef {
    id: "confirm-country-availability",
    title: "Confirm WhatsApp Business is available in the number's country",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(15, 60, 480)),
    clock: Clock::Working,
    done_when: "Done when Meta's current availability list shows the country, and the plan says `country_availability_confirmed: true`.",
    reason: "The WhatsApp Business Platform is not available in some countries and regions, and Meta refuses their numbers; this number's calling code is on the list partners give (sanctioned jurisdictions, a soft source, so the plan may confirm otherwise).",
    action: "Check Meta's current list of countries where the WhatsApp Business Platform is available; if the number's country is on it, set `country_availability_confirmed: true` on the number, else leave the number out of the plan.",
    sources: &["GFAQ", "D360", "inferred"],
};

/// Meta reinstates a restricted or disabled source WABA.
pub static SOURCE_WABA_REINSTATED: StepDef = StepDef {
    id: "source-waba-reinstated",
    title: "Get the restricted or disabled WABA reinstated by Meta",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    // No source gives a duration for Meta's review: none is made up, so the earliest cutover
    // is a lower bound while this step is open.
    estimate: None,
    clock: Clock::Around,
    done_when: "Done when Meta Business Support Home shows the source WABA in good standing again (then set `waba_status: active`).",
    reason: "A restricted or disabled WABA cannot take part in a migration, nor register a number again after a region/org move or a display-name change, until Meta's review reinstates it; the account's standing shows in Meta Business Support Home.",
    action: "In Meta Business Support Home, check why the WABA was restricted or disabled and request a review; fix what the policy violation requires. No source says how long the review takes.",
    sources: &["GFAQ", "MERR"],
};

/// Meta lifts a ban on the number after an appeal, before it is registered anew.
pub static NUMBER_UNBANNED: StepDef = StepDef {
    id: "appeal-number-ban",
    title: "Get the banned number unbanned by appeal",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    // No source says how long Meta takes to decide an appeal: none is made up, so the earliest
    // cutover is a lower bound while this step is open.
    estimate: None,
    clock: Clock::Around,
    done_when: "Done when Meta has lifted the ban on the number (then set `banned: false`).",
    reason: "Meta does not let a banned number register on the WhatsApp Business Platform; the ban must first be lifted through an appeal. Deleting the app account does not clear it, and an appeal from inside the app is no longer possible once the account is deleted.",
    action: "Appeal the ban (from the app, while the account still exists, or through WhatsApp support) and wait for Meta's decision before deleting the account or running the signup. No source says how long the review takes.",
    sources: &["MPN", "inferred"],
};

/// An On-Premises API number moves to the Cloud API before anything else.
pub static ON_PREMISES_TO_CLOUD: StepDef = StepDef {
    id: "move-on-premises-number-to-cloud-api",
    title: "Move the On-Premises API number to the Cloud API",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(15, 60, 240)),
    clock: Clock::Working,
    done_when: "Done when the number shows the Cloud API as its platform in WhatsApp Manager.",
    reason: "The final On-Premises API client expired on 23 October 2025: messages to and from On-Premises numbers are no longer delivered, and migrations start from a Cloud API number. The hosting change itself takes the number offline for a few minutes up to an hour.",
    action: "Have whoever administers the source WABA move the number to the Cloud API (Meta's account migration, with the number's PIN), in a low-traffic window; then migrate it to Genesys Cloud.",
    sources: &["D360", "MONP", "GUP", "inferred"],
};

/// When the last On-Premises API client expired (D360): from then on an On-Premises number
/// sends and receives nothing until it runs on the Cloud API. 2025-10-23T00:00:00Z.
pub const ON_PREMISES_SUNSET_UNIX: i64 = 1_761_177_600;

/// What the report says of a number's downtime while it is still on the On-Premises API, in
/// place of its route's note.
pub const ON_PREMISES_DOWNTIME_NOTE: &str = "The number runs on the On-Premises API, which has delivered no messages since its last client expired on 23 October 2025 (360dialog): it is down now, until it runs on the Cloud API. The hosting change takes a few minutes up to an hour (360dialog, Gupshup); the figures here are the migration's own downtime after that.";

/// Two-step verification turned off in the source WABA.
pub static DISABLE_TWO_STEP: StepDef = StepDef {
    id: "disable-two-step-verification",
    title: "Turn off two-step verification in the source WABA",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(5, 15, 60)),
    clock: Clock::Working,
    done_when: "Done when the confirmation link Meta e-mails has been clicked and the number shows two-step verification off.",
    reason: "A number cannot migrate while two-step verification is on; Genesys Cloud then fails with \"Unknown error saving integration\".",
    action: "In WhatsApp Manager (phone number > Settings > Two-step verification) choose Turn off, then click the confirmation link Meta e-mails to the portfolio's address; there is no API for this.",
    sources: &["GFAQ", "M2SV", "MBMERR", "D360"],
};

/// Canned responses for every template the contact centre uses.
pub static CANNED_RESPONSES: StepDef = StepDef {
    id: "create-canned-responses",
    title: "Configure the templates as canned responses in Genesys Cloud",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(30, 120, 960)),
    clock: Clock::Working,
    done_when: "Done when every template the queues, flows and notifications use exists as a canned response in the destination org.",
    reason: "Templates copied to the destination WABA are not usable from Genesys Cloud (agents, flows, agentless notifications) until each is configured as a canned response.",
    action: "For every template the queues, flows and notifications use, create a canned response with its name and language (Utility and Marketing only, at most 10 buttons).",
    sources: &["GFAQ", "GAGL", "inferred"],
};

/// Genesys Cloud can receive the number's messages before the number arrives.
pub static INBOUND_ROUTING: StepDef = StepDef {
    id: "configure-inbound-routing",
    title: "Build the inbound message flows and queues for the numbers in Genesys Cloud",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(60, 240, 960)),
    clock: Clock::Working,
    done_when: "Done when Architect inbound message flows route WhatsApp messages to staffed queues, ready to be assigned to each number once its integration is saved.",
    reason: "From the moment the integration is saved the old platform no longer serves the number: without an inbound message flow and a queue in Genesys Cloud, customers' messages arrive where nobody handles them. \"No downtime\" assumes this is ready.",
    action: "Build (or reuse) the Architect inbound message flows and the queues with their agents and routing for the numbers, so that assigning each number to its flow is the only thing left at cutover. One step for the whole plan: flows and queues are usually shared by many numbers.",
    sources: &["GFAQ", "inferred"],
};

/// The phone number is verified inside Embedded Signup with a one-time code.
pub static VERIFY_IN_SIGNUP: StepDef = StepDef {
    id: "verify-number-in-embedded-signup",
    title: "Run Embedded Signup and verify the number with its one-time code",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(2, 4, 6)),
    clock: Clock::Working,
    done_when: "Done when Meta accepts the one-time code in the signup window.",
    reason: "Meta sends a 6-digit code by SMS or voice call to the number; whoever answers the line must type it into the signup window.",
    action: "Start the WhatsApp integration in Genesys Cloud, pick the WABA and business profile (for a region/org move, the WABA and business profile the number already has: the move keeps them), enter the number and the code Meta sends; have someone ready at the line.",
    // A region/org move keeps the number's WABA and profile (domain facts 2.C, C4: GFAQ, and
    // implied), which its billing rests on; the route shares this step with the others.
    sources: &["GFAQ", "MESM", "MSP", "implied", "inferred"],
};

/// The Genesys Cloud integration is saved: this registers the number (Meta `/register`).
pub static SAVE_INTEGRATION: StepDef = StepDef {
    id: "save-integration",
    title: "Save the WhatsApp integration in Genesys Cloud with the 6-digit PIN",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 1, 2)),
    clock: Clock::Working,
    done_when: "Done when Genesys Cloud shows the integration saved (the number is registered on the Cloud API).",
    reason: "Saving the integration registers the number on the Cloud API; this completes the migration, ends any downtime and moves billing to Genesys.",
    action: "Create or save the integration on the Platforms page with a 6-digit PIN (the PIN already on the number, if two-step verification is on). Each save counts toward Meta's limit of 10 registrations per number in 72 hours, or per week in the stricter reading (declare earlier attempts under `registrations`).",
    sources: &["GFAQ", "MSP", "MREG", "MPRG"],
};

/// Review templates after duplication.
pub static REVIEW_TEMPLATES: StepDef = StepDef {
    id: "review-duplicated-templates",
    title: "Review the templates copied to the destination WABA",
    owner: Owner::Customer,
    phase: Phase::After,
    estimate: Some(Estimate::minutes(1440, 1440, 1440)),
    clock: Clock::Around,
    done_when: "Done when every copied template has been checked after its first day (status, category, quality).",
    reason: "Only Approved + Green templates are copied; copies start with quality UNKNOWN for about a day and Meta may re-categorise or reject them.",
    action: "After about 24 hours check status, category and quality of every copied template; re-submit the ones that were not copied or were rejected.",
    sources: &["GFAQ", "MMPS", "MTPL", "D360"],
};

/// Templates re-created after a delete-and-re-add move, which copies none.
pub static RESUBMIT_TEMPLATES: StepDef = StepDef {
    id: "resubmit-templates",
    title: "Re-create the templates in the destination WABA and get them approved",
    owner: Owner::Customer,
    phase: Phase::After,
    // Meta's review takes minutes to a day (MTPL); the review runs around the clock.
    estimate: Some(Estimate::minutes(10, 60, 1440)),
    clock: Clock::Around,
    done_when: "Done when every template the number sends is approved in the destination WABA.",
    reason: "A number removed from the old partner before the move is registered anew, and none of its templates is copied: until each is re-created and approved, the flows, agents and notifications that send one fail.",
    action: "Re-create each template in the destination WABA (WhatsApp Manager or Genesys Cloud), submit it for review, and check it is approved before the flows that use it go live.",
    sources: &["KAP", "MTPL", "MMPS"],
};

/// Two-step verification back on after the migration.
pub static REENABLE_TWO_STEP: StepDef = StepDef {
    id: "re-enable-two-step-verification",
    title: "Turn two-step verification back on",
    owner: Owner::Customer,
    phase: Phase::After,
    estimate: Some(Estimate::minutes(5, 10, 30)),
    clock: Clock::Working,
    done_when: "Done when WhatsApp Manager shows two-step verification on for the number.",
    reason: "The number was left without two-step verification for the migration; an Official Business Account badge also requires it to be on.",
    action: "Confirm in WhatsApp Manager that two-step verification is on with the PIN used when saving the integration; keep that PIN safe (not in the plan).",
    sources: &["M2SV", "MREG", "D360", "BIRD", "inferred"],
};

// ---------------------------------------------------------------------------------------------
// Genesys Engage.

/// The Engage WhatsApp integration is deleted: downtime starts.
pub static DELETE_ENGAGE_INTEGRATION: StepDef = StepDef {
    id: "delete-engage-integration",
    title: "Delete the WhatsApp integration in Genesys Engage",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 1, 2)),
    clock: Clock::Working,
    done_when: "Done when the WhatsApp integration no longer exists in Genesys Engage.",
    reason: "Genesys requires the Engage integration to be deleted before the number can migrate; the number stops working there at that moment.",
    action: "Delete the WhatsApp integration in Genesys Engage, then start Embedded Signup in Genesys Cloud straight away.",
    sources: &["GFAQ", "inferred"],
};

/// The Genesys Engage route: downtime under 10 minutes once prerequisites are met (GFAQ).
pub static ENGAGE: Route = ENGAGE_ROUTE;

/// The same route for a number whose plan says nothing about its line: no line steps.
pub static ENGAGE_LINE_UNSTATED: Route = Route {
    steps: &without_line_steps::<{ count_without_line(ENGAGE_ROUTE.steps) }>(ENGAGE_ROUTE.steps),
    ..ENGAGE_ROUTE
};

const ENGAGE_ROUTE: Route = Route {
    kind: SourceKind::Engage,
    steps: &[
        step(&CONFIRM_COUNTRY, &[])
            .when(Condition::CountryRestricted)
            .satisfied_by(Fact::CountryAvailabilityConfirmed),
        step(&SOURCE_WABA_REINSTATED, &[])
            .when(Condition::SourceWabaRestricted)
            .owned_by_source_admin(),
        step(&DISPLAY_NAME_APPROVED, &[]).satisfied_by(Fact::DisplayNameApproved),
        step(&DISABLE_TWO_STEP, &[]).owned_by_source_admin(),
        step(&CANNED_RESPONSES, &["destination-waba-credit-line"]).when(Condition::HasTemplates),
        LINE_REQUEST_FORWARDING,
        LINE_FORWARDING_ACTIVE,
        LINE_FORWARD_TO_ANSWERS,
        LINE_BYPASS_IVR,
        LINE_REQUEST_CALLING_NUMBERS,
        LINE_ROUTE_CALLING_NUMBERS,
        LINE_CHECK_REACHABILITY,
        step(
            &DELETE_ENGAGE_INTEGRATION,
            &[
                "source-waba-reinstated",
                "meta-portfolio-access",
                "destination-waba-credit-line",
                "confirm-display-name-approved",
                "confirm-country-availability",
                "disable-two-step-verification",
                "create-canned-responses",
                "configure-inbound-routing",
                "verify-business",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
            ],
        )
        .starts_downtime(),
        step(&VERIFY_IN_SIGNUP, &["delete-engage-integration"]),
        step(&SAVE_INTEGRATION, &["verify-number-in-embedded-signup"])
            .ends_downtime()
            .hands_over_billing(),
        step(&REVIEW_TEMPLATES, &["save-integration"]),
        step(&REENABLE_TWO_STEP, &["save-integration"]),
    ],
    billing: BillingRule {
        before: Payer::SourcePartner,
        after: Payer::Genesys,
        note: "Messages sent after the migration completes are billed to Genesys, which passes Meta's charges through on its invoice. Before it, the general rule between partners is that the old partner pays for messages sent (even if delivered later); who that is for an Engage WABA is unconfirmed: no source says, so check with Genesys (set `engage.partner` to name it).",
        sources: &["GFAQ", "D360", "BIRD", "inferred"],
    },
    downtime_note: "Expect under 10 minutes once every prerequisite is done in advance (Genesys FAQ).",
    early_downtime_note: None,
};

// ---------------------------------------------------------------------------------------------
// Another solution partner (BSP).

/// The number is removed from the old partner before the cutover: downtime starts early.
pub static DISCONNECT_FROM_PARTNER: StepDef = StepDef {
    id: "disconnect-from-source-partner",
    title: "Disconnect the number from the old partner",
    owner: Owner::SourcePartner,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 1, 5)),
    clock: Clock::Working,
    done_when: "Done when the old partner confirms the number is removed from its platform.",
    reason: "The plan removes the number from the old partner ahead of the cutover; it stops sending and receiving from that moment until the integration is saved in Genesys Cloud.",
    action: "Remove the number from the old partner's platform (whoever administers the source WABA does it) only when the Genesys Cloud signup can follow immediately; templates may need re-approval on this path.",
    sources: &["GFAQ", "KAP", "inferred"],
};

/// Wait for a removed or deleted number to be released by WhatsApp.
pub static WAIT_AFTER_DISCONNECT: StepDef = StepDef {
    id: "wait-for-release",
    title: "Wait for WhatsApp to release the number",
    owner: Owner::Meta,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(3, 5, 5)),
    clock: Clock::Around,
    done_when: "Done when the release wait has passed (or the number is accepted by the signup).",
    reason: "A number just removed from a WABA or deleted from the app is still held for a few minutes; registering earlier fails (Meta error 133015).",
    action: "Wait about 5 minutes before starting Embedded Signup; retry after a few more minutes if Meta answers 133015.",
    sources: &["GFAQ", "MERR", "KAP", "MISC/Venderflow"],
};

/// Retire the old partner's setup after the migration.
pub static DECOMMISSION_PARTNER: StepDef = StepDef {
    id: "decommission-source-partner",
    title: "Close the number's setup at the old partner",
    owner: Owner::Customer,
    phase: Phase::After,
    estimate: Some(Estimate::minutes(30, 120, 960)),
    clock: Clock::Working,
    done_when: "Done when the old partner's service for the number is ended and what was needed is exported.",
    reason: "Chat history and contacts do not move with the number, and the old partner's account and credit line stay until closed.",
    action: "Export anything still needed from the old partner, then end the service for this number there.",
    sources: &["D360", "BIRD", "KAP", "inferred"],
};

/// The other-partner route: no downtime until the integration is saved, unless disconnected ahead.
pub static BSP: Route = BSP_ROUTE;

/// The same route for a number whose plan says nothing about its line: no line steps.
pub static BSP_LINE_UNSTATED: Route = Route {
    steps: &without_line_steps::<{ count_without_line(BSP_ROUTE.steps) }>(BSP_ROUTE.steps),
    ..BSP_ROUTE
};

const BSP_ROUTE: Route = Route {
    kind: SourceKind::Bsp,
    steps: &[
        step(&CONFIRM_COUNTRY, &[])
            .when(Condition::CountryRestricted)
            .satisfied_by(Fact::CountryAvailabilityConfirmed),
        step(&SOURCE_WABA_REINSTATED, &[])
            .when(Condition::SourceWabaRestricted)
            .owned_by_source_admin(),
        step(&ON_PREMISES_TO_CLOUD, &[])
            .when(Condition::OnPremises)
            .owned_by_source_admin(),
        step(&DISPLAY_NAME_APPROVED, &[]).satisfied_by(Fact::DisplayNameApproved),
        step(&DISABLE_TWO_STEP, &["move-on-premises-number-to-cloud-api"]).owned_by_source_admin(),
        // Genesys Cloud must be ready before the number arrives: once the integration is saved
        // the old partner no longer serves it (GFAQ: configure templates as canned responses).
        step(&CANNED_RESPONSES, &["destination-waba-credit-line"]).when(Condition::HasTemplates),
        LINE_REQUEST_FORWARDING,
        LINE_FORWARDING_ACTIVE,
        LINE_FORWARD_TO_ANSWERS,
        LINE_BYPASS_IVR,
        LINE_REQUEST_CALLING_NUMBERS,
        LINE_ROUTE_CALLING_NUMBERS,
        LINE_CHECK_REACHABILITY,
        step(
            &DISCONNECT_FROM_PARTNER,
            &[
                "source-waba-reinstated",
                "move-on-premises-number-to-cloud-api",
                "meta-portfolio-access",
                "destination-waba-credit-line",
                "confirm-display-name-approved",
                "confirm-country-availability",
                "disable-two-step-verification",
                "create-canned-responses",
                "configure-inbound-routing",
                "verify-business",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
            ],
        )
        .when(Condition::DisconnectAhead)
        // KAP: the customer removes the number from its old WABA when it administers it.
        .owned_by_source_admin()
        .starts_downtime(),
        step(&WAIT_AFTER_DISCONNECT, &["disconnect-from-source-partner"])
            .when(Condition::DisconnectAhead),
        step(
            &VERIFY_IN_SIGNUP,
            &[
                "source-waba-reinstated",
                "move-on-premises-number-to-cloud-api",
                "meta-portfolio-access",
                "destination-waba-credit-line",
                "confirm-display-name-approved",
                "confirm-country-availability",
                "disable-two-step-verification",
                "create-canned-responses",
                "configure-inbound-routing",
                "verify-business",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
                "wait-for-release",
            ],
        ),
        step(&SAVE_INTEGRATION, &["verify-number-in-embedded-signup"])
            .ends_downtime()
            .hands_over_billing(),
        // Disconnected ahead, the number is registered anew and nothing is copied (KAP): the
        // warning `template-not-duplicated` says to re-create them instead.
        step(&REVIEW_TEMPLATES, &["save-integration"]).when(Condition::StaysConnected),
        step(&RESUBMIT_TEMPLATES, &["save-integration"]).when(Condition::TemplatesNotCopied),
        step(&REENABLE_TWO_STEP, &["save-integration"]),
        step(&DECOMMISSION_PARTNER, &["save-integration"]),
    ],
    billing: BillingRule {
        before: Payer::SourcePartner,
        after: Payer::Genesys,
        note: "Messages sent before the migration completes, including ones still undelivered then, are billed to the old partner; messages sent after, to Genesys, which passes Meta's charges through on its invoice.",
        sources: &["GFAQ", "D360", "BIRD", "MMPS"],
    },
    downtime_note: "No downtime while the number stays connected to the old partner: it keeps sending and receiving there until the integration is saved in Genesys Cloud (Genesys FAQ). This assumes Genesys Cloud is ready to take its messages at that moment (inbound message flow, queue, canned responses).",
    early_downtime_note: Some(
        "Disconnecting from the old partner ahead of the cutover starts the downtime early: the number is silent from the disconnection, through the release wait, until the integration is saved in Genesys Cloud (Genesys FAQ; Kapso). Its templates are not copied on this path: they can be sent again only once re-created and approved (resubmit-templates).",
    ),
};

// ---------------------------------------------------------------------------------------------
// Another Genesys Cloud region or org.

/// The 6-digit PIN of the original integration is known (or reset).
pub static REGISTRATION_PIN: StepDef = StepDef {
    id: "have-registration-pin",
    title: "Have the 6-digit PIN of the original integration at hand",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    // A PIN changed in WhatsApp Manager takes effect at once (M2SV); one integrator reports a
    // reset through Meta's Business Manager that took 7 days (domain facts, "PIN reset time"
    // [A]). The stricter reading is the longest: never count on recovering a PIN inside a
    // cutover window.
    estimate: Some(Estimate::minutes(5, 30, 10080)),
    // The longest is Meta's reset, 7 calendar days: counted in office hours it would read as
    // three weeks.
    clock: Clock::Around,
    done_when: "Done when someone who will save the integration knows the PIN (or a new one was set in WhatsApp Manager).",
    reason: "Re-creating the integration (in a new region or org, or after a display-name change) must use the PIN already on the number; a wrong one fails with \"Unknown error saving integration\" (Meta 133005) and too many guesses lock registration.",
    action: "Find the PIN used when the integration was first created; if it is lost, set a new one in WhatsApp Manager > Phone numbers > Two-step verification, or ask Genesys to change it. Then set `pin_known: true` (never write the PIN itself).",
    sources: &["GFAQ", "M2SV", "MERR", "MISC/PINRESET", "inferred"],
};

/// Rebuild the contact-centre objects in the destination org.
pub static REBUILD_ORG_CONFIG: StepDef = StepDef {
    id: "rebuild-destination-org-config",
    title: "Rebuild canned responses, message flows and queues in the new org",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(60, 480, 2400)),
    clock: Clock::Working,
    done_when: "Done when the new org has the inbound message flow, queues and canned responses the number needs.",
    reason: "The WABA and its templates stay the same, but Genesys Cloud objects (canned responses, inbound message flow, queues) belong to the old org and do not move.",
    action: "Create the inbound message flow, queues and canned responses in the new region/org before deleting the old integration, so the number answers as soon as it is saved.",
    sources: &["GFAQ", "implied", "inferred"],
};

/// Delete the integration in the old region/org: downtime starts.
pub static DELETE_OLD_INTEGRATION: StepDef = StepDef {
    id: "delete-old-integration",
    title: "Delete the WhatsApp integration in the old region/org",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 1, 2)),
    clock: Clock::Working,
    done_when: "Done when the integration no longer exists in the old region/org.",
    reason: "The number can be integrated in only one place; deleting the old integration takes it offline.",
    action: "Delete the WhatsApp integration in the old Genesys Cloud region/org. Two-step verification does not need to be turned off for this move.",
    sources: &["GFAQ", "inferred"],
};

/// Wait for the number to show as offline in the WABA.
pub static WAIT_OFFLINE: StepDef = StepDef {
    id: "wait-until-offline",
    title: "Wait until the number shows offline in the WABA",
    owner: Owner::Meta,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 2, 2)),
    clock: Clock::Around,
    done_when: "Done when WhatsApp Manager shows the number offline.",
    reason: "After the integration is deleted the number takes 1-2 minutes to go offline; signing up again earlier can fail.",
    action: "Watch the number's status in WhatsApp Manager and continue once it is offline.",
    sources: &["GFAQ"],
};

/// The region/org route: downtime from deleting the old integration to saving the new one.
pub static GENESYS: Route = GENESYS_ROUTE;

/// The same route for a number whose plan says nothing about its line: no line steps.
pub static GENESYS_LINE_UNSTATED: Route = Route {
    steps: &without_line_steps::<{ count_without_line(GENESYS_ROUTE.steps) }>(GENESYS_ROUTE.steps),
    ..GENESYS_ROUTE
};

const GENESYS_ROUTE: Route = Route {
    kind: SourceKind::Genesys,
    steps: &[
        // The move keeps the number's WABA (GFAQ): a restricted or disabled one must be
        // reinstated before the integration is deleted, or the number could not register again.
        step(&SOURCE_WABA_REINSTATED, &[]).when(Condition::SourceWabaRestricted),
        step(&REGISTRATION_PIN, &[]).satisfied_by(Fact::PinKnown),
        step(&REBUILD_ORG_CONFIG, &[]),
        LINE_REQUEST_FORWARDING,
        LINE_FORWARDING_ACTIVE,
        LINE_FORWARD_TO_ANSWERS,
        LINE_BYPASS_IVR,
        LINE_REQUEST_CALLING_NUMBERS,
        LINE_ROUTE_CALLING_NUMBERS,
        LINE_CHECK_REACHABILITY,
        step(
            &DELETE_OLD_INTEGRATION,
            &[
                "source-waba-reinstated",
                "meta-portfolio-access",
                "have-registration-pin",
                "rebuild-destination-org-config",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
            ],
        )
        .starts_downtime(),
        step(&WAIT_OFFLINE, &["delete-old-integration"]),
        step(&VERIFY_IN_SIGNUP, &["wait-until-offline"]),
        step(&SAVE_INTEGRATION, &["verify-number-in-embedded-signup"])
            .ends_downtime()
            .hands_over_billing(),
    ],
    billing: BillingRule {
        before: Payer::Genesys,
        after: Payer::Genesys,
        note: "The number stays in the same WABA on Genesys's credit line, so Genesys is billed on both sides of the move.",
        sources: &["GFAQ", "implied"],
    },
    downtime_note: "Downtime runs from deleting the old integration until the new one is saved.",
    early_downtime_note: None,
};

// ---------------------------------------------------------------------------------------------
// WhatsApp Messenger or WhatsApp Business phone app.

/// Back up the app's chats before deleting the account.
pub static BACK_UP_APP: StepDef = StepDef {
    id: "back-up-app-chats",
    title: "Back up what is needed from the phone app",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(15, 30, 120)),
    clock: Clock::Working,
    done_when: "Done when the chats and contacts to keep are exported from the phone.",
    reason: "Deleting the app account erases its chat history, and nothing (contacts, quality, templates) carries over to the new registration.",
    action: "Export the chats and contacts the business needs to keep before deleting the account.",
    sources: &["GFAQ", "MISC/Venderflow", "inferred"],
};

/// Delete the account in the app (uninstalling is not enough): downtime starts.
pub static DELETE_APP_ACCOUNT: StepDef = StepDef {
    id: "delete-app-account",
    title: "Delete the WhatsApp account in the phone app",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 1, 2)),
    clock: Clock::Working,
    done_when: "Done when the app reports the account deleted (uninstalling is not enough).",
    reason: "A number registered in the phone app cannot be migrated; the account itself must be deleted (uninstalling the app does not release the number).",
    action: "In the app use Settings > Account > Delete my account; the number then counts as brand new for registration.",
    sources: &["GFAQ", "MPN", "inferred"],
};

/// The phone-app route: account deletion, release wait, registration as a new number.
pub static APP: Route = APP_ROUTE;

/// The same route for a number whose plan says nothing about its line: no line steps.
pub static APP_LINE_UNSTATED: Route = Route {
    steps: &without_line_steps::<{ count_without_line(APP_ROUTE.steps) }>(APP_ROUTE.steps),
    ..APP_ROUTE
};

const APP_ROUTE: Route = Route {
    kind: SourceKind::App,
    steps: &[
        step(&CONFIRM_COUNTRY, &[])
            .when(Condition::CountryRestricted)
            .satisfied_by(Fact::CountryAvailabilityConfirmed),
        step(&NUMBER_UNBANNED, &[]).when(Condition::NumberBanned),
        step(&BACK_UP_APP, &[]),
        LINE_REQUEST_FORWARDING,
        LINE_FORWARDING_ACTIVE,
        LINE_FORWARD_TO_ANSWERS,
        LINE_BYPASS_IVR,
        LINE_REQUEST_CALLING_NUMBERS,
        LINE_ROUTE_CALLING_NUMBERS,
        LINE_CHECK_REACHABILITY,
        step(
            &DELETE_APP_ACCOUNT,
            &[
                "appeal-number-ban",
                "confirm-country-availability",
                "meta-portfolio-access",
                "back-up-app-chats",
                "configure-inbound-routing",
                "verify-business",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
            ],
        )
        .starts_downtime(),
        step(&WAIT_AFTER_DISCONNECT, &["delete-app-account"]),
        step(&VERIFY_IN_SIGNUP, &["wait-for-release"]),
        step(&SAVE_INTEGRATION, &["verify-number-in-embedded-signup"])
            .ends_downtime()
            .hands_over_billing(),
    ],
    billing: BillingRule {
        before: Payer::Nobody,
        after: Payer::Genesys,
        note: "Messages from the phone app are not billed through any partner (the app is free to use; no source states it for a migration, so this is inferred); once the integration is saved Genesys's credit line pays (passed through on its invoice).",
        sources: &["GFAQ", "MPN", "inferred"],
    },
    downtime_note: "Downtime runs from deleting the app account, through the release wait, to saving the integration.",
    early_downtime_note: None,
};

// ---------------------------------------------------------------------------------------------
// A new number.

/// Ask Genesys to forward calls on an SMS-inventory number.
pub static REQUEST_CALL_FORWARDING: StepDef = StepDef {
    id: "request-call-forwarding",
    title: "Ask the Genesys WhatsApp team to forward calls on the SMS number",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(10, 15, 60)),
    clock: Clock::Working,
    done_when: "Done when the request is sent to the Genesys WhatsApp team (the forwarding itself is the next step).",
    reason: "A long code from Genesys's SMS inventory cannot receive the SMS code, only the voice call, and that call must be forwarded to a line someone answers; the request must go in before the integration is created.",
    action: "Send the Genesys WhatsApp team the GC region, org ID, the SMS number, and a voice-capable number to forward the verification call to.",
    sources: &["GFAQ", "inferred"],
};

/// Genesys sets up the forwarding.
pub static CALL_FORWARDING_ACTIVE: StepDef = StepDef {
    id: "call-forwarding-active",
    title: "Genesys sets up call forwarding on the SMS number",
    owner: Owner::Genesys,
    phase: Phase::Prepare,
    estimate: Some(Estimate::business_days(1, 2, 5)),
    clock: Clock::Working,
    done_when: "Started when Genesys acknowledges the request; done when calls to the SMS number ring at the forward-to line (test it). Genesys states no lead time: the default assumes a support ticket's.",
    reason: "Without forwarding the voice verification call reaches nobody and the number cannot be verified.",
    action: "Genesys confirms the forwarding is live; test it by calling the SMS number before the signup.",
    sources: &["GFAQ", "inferred"],
};

/// Take a number out of its IVR for the verification call.
pub static BYPASS_IVR: StepDef = StepDef {
    id: "bypass-ivr-for-verification",
    title: "Take the number out of its IVR during verification",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(30, 120, 960)),
    clock: Clock::Working,
    done_when: "Done when a window is agreed in which the number rings through to a person, and the signup is booked in it.",
    reason: "Meta's verification call must reach a person or voicemail; an IVR in front of the number swallows it.",
    action: "Schedule a window in which the number rings through to a person, and run the signup in that window.",
    sources: &["GFAQ", "MPN", "inferred"],
};

/// Ask WhatsApp for the calling numbers of the verification call.
pub static REQUEST_CALLING_NUMBERS: StepDef = StepDef {
    id: "request-calling-numbers",
    title: "Have Genesys ask WhatsApp for the verification call's calling numbers",
    owner: Owner::Genesys,
    phase: Phase::Prepare,
    estimate: Some(Estimate::at_least_business_days(2, 3)),
    clock: Clock::Working,
    done_when: "Started when Genesys sends the request to WhatsApp; done when WhatsApp has provided the calling numbers (the answer, not the request). WhatsApp needs at least 2-3 business days; no source gives an upper bound.",
    reason: "When the IVR cannot be bypassed, the verification call can only be routed around it if the calling numbers (ANIs) are known; WhatsApp needs at least 2-3 business days to provide them.",
    action: "Ask Genesys to request the originating numbers from WhatsApp, early: this is the longest lead time in the plan.",
    sources: &["GFAQ", "MPN"],
};

/// Route the calling numbers past the IVR.
pub static ROUTE_CALLING_NUMBERS: StepDef = StepDef {
    id: "route-calling-numbers",
    title: "Route calls from WhatsApp's calling numbers past the IVR",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(60, 240, 960)),
    clock: Clock::Working,
    done_when: "Done when a call from each calling number reaches a person or a line that can take the code.",
    reason: "The verification call must reach someone who can read out the code.",
    action: "Configure the IVR or carrier to send calls from the numbers WhatsApp provided to a person or a number that can take the call.",
    sources: &["GFAQ", "MPN", "inferred"],
};

/// Test that the forward-to line of an SMS-inventory number answers Meta's call.
pub static FORWARD_TO_LINE_ANSWERS: StepDef = StepDef {
    id: "confirm-forward-to-line-answers",
    title: "Test that calls to the SMS number ring at the forward-to line and someone answers",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(15, 60, 480)),
    clock: Clock::Working,
    done_when: "Done when a call from an international number to the SMS number has rung at the forward-to line and been answered, during a test.",
    reason: "The SMS number can only be verified by Meta's voice call, which Genesys forwards to the voice line the customer named; a forward-to line that blocks calls from abroad, or that nobody answers during the signup, leaves the number unverifiable.",
    action: "Once Genesys confirms the forwarding, call the SMS number from an international number and check the call rings at the forward-to line; have someone ready there to take the code during the signup.",
    sources: &["GFAQ", "MPN", "inferred"],
};

/// Check the line accepts international SMS and calls.
pub static CHECK_REACHABILITY: StepDef = StepDef {
    id: "confirm-international-reachability",
    title: "Confirm the line receives SMS or calls from abroad",
    owner: Owner::Carrier,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(30, 120, 960)),
    clock: Clock::Working,
    done_when: "Done when an SMS or call from an international number has reached the line during a test.",
    reason: "Meta's verification SMS and calls come from international numbers; a line that blocks them cannot be verified.",
    action: "Test that the number receives an SMS or call from an international number and that someone can answer it during the signup.",
    sources: &["GFAQ", "MPN", "inferred"],
};

/// The steps that get Meta's one-time code to a line that cannot simply take it, for every route
/// that verifies a number (a new one, or one that migrates and states its line): call forwarding
/// for an SMS-inventory long code, a way past an IVR, and a reachability check for lines Genesys
/// does not provide (GFAQ, "What types of phone numbers can I register"; MPN). Each applies only
/// when the number's line facts say so; the verification, and any step that starts downtime
/// before it, comes after them.
const LINE_REQUEST_FORWARDING: RouteStep =
    step(&REQUEST_CALL_FORWARDING, &[]).when(Condition::SmsInventory);
const LINE_FORWARDING_ACTIVE: RouteStep =
    step(&CALL_FORWARDING_ACTIVE, &["request-call-forwarding"]).when(Condition::SmsInventory);
const LINE_FORWARD_TO_ANSWERS: RouteStep =
    step(&FORWARD_TO_LINE_ANSWERS, &["call-forwarding-active"]).when(Condition::SmsInventory);
const LINE_BYPASS_IVR: RouteStep = step(&BYPASS_IVR, &[]).when(Condition::IvrBypass);
const LINE_REQUEST_CALLING_NUMBERS: RouteStep =
    step(&REQUEST_CALLING_NUMBERS, &[]).when(Condition::IvrNoBypass);
const LINE_ROUTE_CALLING_NUMBERS: RouteStep =
    step(&ROUTE_CALLING_NUMBERS, &["request-calling-numbers"]).when(Condition::IvrNoBypass);
const LINE_CHECK_REACHABILITY: RouteStep =
    step(&CHECK_REACHABILITY, &[]).when(Condition::CheckReachability);

/// How many of `steps` are not line steps.
const fn count_without_line(steps: &[RouteStep]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < steps.len() {
        if !steps[i].when.is_line() {
            n += 1;
        }
        i += 1;
    }
    n
}

/// `steps` without the line steps (see [`LINE_REQUEST_FORWARDING`]): the route of a migrating
/// number whose plan does not state its line, which so keeps the nodes and report entries it had
/// before the line could be stated.
const fn without_line_steps<const N: usize>(steps: &[RouteStep]) -> [RouteStep; N] {
    let mut out = [steps[0]; N];
    let (mut i, mut kept) = (0, 0);
    while i < steps.len() {
        if !steps[i].when.is_line() {
            assert!(kept < N, "more steps than N");
            out[kept] = steps[i];
            kept += 1;
        }
        i += 1;
    }
    assert!(kept == N, "fewer steps than N");
    out
}

/// The new-number route: no downtime, prerequisites depend on the line type.
pub static NEW: Route = Route {
    kind: SourceKind::New,
    steps: &[
        step(&CONFIRM_COUNTRY, &[])
            .when(Condition::CountryRestricted)
            .satisfied_by(Fact::CountryAvailabilityConfirmed),
        step(&NUMBER_UNBANNED, &[]).when(Condition::NumberBanned),
        LINE_REQUEST_FORWARDING,
        LINE_FORWARDING_ACTIVE,
        LINE_FORWARD_TO_ANSWERS,
        LINE_BYPASS_IVR,
        LINE_REQUEST_CALLING_NUMBERS,
        LINE_ROUTE_CALLING_NUMBERS,
        LINE_CHECK_REACHABILITY,
        step(
            &VERIFY_IN_SIGNUP,
            &[
                "appeal-number-ban",
                "confirm-country-availability",
                "meta-portfolio-access",
                "configure-inbound-routing",
                "verify-business",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
            ],
        ),
        step(&SAVE_INTEGRATION, &["verify-number-in-embedded-signup"]).hands_over_billing(),
    ],
    billing: BillingRule {
        before: Payer::Nobody,
        after: Payer::Genesys,
        note: "A new number sends nothing before it is registered; from then on Genesys's credit line pays (passed through on its invoice).",
        sources: &["GFAQ"],
    },
    downtime_note: "A new number has no service to interrupt.",
    early_downtime_note: None,
};

// ---------------------------------------------------------------------------------------------
// A number already in the destination org that changes its display name.

/// Submit the new display name in WhatsApp Manager.
pub static EDIT_DISPLAY_NAME: StepDef = StepDef {
    id: "edit-display-name",
    title: "Edit the display name in WhatsApp Manager",
    owner: Owner::Customer,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(5, 15, 60)),
    clock: Clock::Working,
    done_when: "Done when the new name is submitted for Meta's review (`display_name_status: pending`); after a rejection it is done again only once an edited name is resubmitted.",
    reason: "Meta shows a new display name only after reviewing it against its display name guidelines; a name that breaks them is rejected and has to be edited and submitted again.",
    action: "Read Meta's display name guidelines, then in WhatsApp Manager > Account tools > Phone numbers edit the Display Name field of the number, no earlier than 14 days before the cutover window (an approval older than that at the registration is reviewed again). If Meta rejects it, edit it again following the guidelines and resubmit; only one change can be in review at a time.",
    sources: &["GFAQ", "MDN", "inferred"],
};

/// Meta approves the new display name.
pub static NEW_DISPLAY_NAME_APPROVED: StepDef = StepDef {
    id: "new-display-name-approved",
    title: "Meta approves the new display name",
    owner: Owner::Meta,
    phase: Phase::Prepare,
    estimate: Some(Estimate::minutes(10, 2880, 10080)),
    clock: Clock::Around,
    done_when: "Done when Meta's notification (in the Meta account or by e-mail) says the new name is approved (`display_name_status: approved`). Minutes to hours per Genesys, 24 hours to 7 days per other partners: the longer figures are the default.",
    reason: "Only an approved name may go on to the re-integration; re-registering before the approval changes nothing, and after it Meta expects the number to be registered again within 14 days or the name is reviewed again.",
    action: "Wait for Meta's decision. Approved: set `display_name_status: approved` and book the re-integration within 14 days, off-peak. Rejected: set `display_name_status: rejected`, edit the name and resubmit it.",
    sources: &["GFAQ", "MDN", "KAP", "MISC/Zymbler"],
};

/// Delete the number's Genesys Cloud integration so it can be registered again: downtime starts.
pub static DELETE_INTEGRATION: StepDef = StepDef {
    id: "delete-integration",
    title: "Delete the number's WhatsApp integration in Genesys Cloud",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(1, 1, 2)),
    clock: Clock::Working,
    done_when: "Done when the integration no longer exists on the Platforms page of the destination org.",
    reason: "The approved name reaches customers only when the number is registered again, which needs the integration deleted and re-created; the number is off WhatsApp from the deletion until the integration is saved again.",
    action: "In an off-peak window, with the PIN and someone at the line ready, delete the number's WhatsApp integration on the Genesys Cloud Platforms page; keep the message flow and queues, they are reused.",
    sources: &["GFAQ", "inferred"],
};

/// Run Embedded Signup again on the same WABA and the old business profile.
pub static SIGNUP_WITH_OLD_PROFILE: StepDef = StepDef {
    id: "re-run-signup-with-old-profile",
    title: "Run Embedded Signup again with the same WABA and the old business profile",
    owner: Owner::Customer,
    phase: Phase::Cutover,
    estimate: Some(Estimate::minutes(2, 4, 6)),
    clock: Clock::Working,
    done_when: "Done when the number is verified again (SMS or voice code) on the same WABA with its existing business profile selected.",
    reason: "The number must stay in its WABA with its business profile: the approved new name replaces the old one on that profile once the integration is saved, while a new profile would be a different profile.",
    action: "Start the WhatsApp integration again, select the same WABA and the existing business profile (it still shows the old name; never create a new profile), and verify the number with the code Meta sends by SMS or voice call.",
    sources: &["GFAQ", "MESM", "MSP", "inferred"],
};

/// Check the new name shows on a phone.
pub static CHECK_NEW_NAME: StepDef = StepDef {
    id: "check-new-display-name",
    title: "Check that the new display name shows in WhatsApp",
    owner: Owner::Customer,
    phase: Phase::After,
    estimate: Some(Estimate::minutes(5, 10, 30)),
    clock: Clock::Working,
    done_when: "Done when the number's business profile, opened on a phone, shows the approved new name.",
    reason: "The change is complete only when customers see the new name on the business profile.",
    action: "Open the number's business profile in WhatsApp on a phone and confirm it shows the approved new name.",
    sources: &["GFAQ", "inferred"],
};

/// The display-name-change route: the number stays in its WABA and org and is registered again
/// once Meta approves the new name (GFAQ, "How do I change the display name").
pub static NAME_CHANGE: Route = NAME_CHANGE_ROUTE;

/// The same route for a number whose plan says nothing about its line: no line steps.
pub static NAME_CHANGE_LINE_UNSTATED: Route = Route {
    steps: &without_line_steps::<{ count_without_line(NAME_CHANGE_ROUTE.steps) }>(
        NAME_CHANGE_ROUTE.steps,
    ),
    ..NAME_CHANGE_ROUTE
};

const NAME_CHANGE_ROUTE: Route = Route {
    kind: SourceKind::NameChange,
    steps: &[
        // Meta's approval holds for 14 days (MDN): submitted earlier than that before the
        // window, the name would be reviewed again before the registration.
        step(&EDIT_DISPLAY_NAME, &[])
            .satisfied_by(Fact::DisplayNameSubmitted)
            .held_before_window(crate::catalog::NAME_APPROVAL_VALID),
        step(&NEW_DISPLAY_NAME_APPROVED, &["edit-display-name"])
            .satisfied_by(Fact::DisplayNameApproved),
        step(&REGISTRATION_PIN, &[]).satisfied_by(Fact::PinKnown),
        // The number stays in its WABA (GFAQ): a restricted or disabled one must be reinstated
        // before the integration is deleted, or the number could not register again.
        step(&SOURCE_WABA_REINSTATED, &[]).when(Condition::SourceWabaRestricted),
        // The re-integration verifies the number again by SMS or voice call (GFAQ: plan the
        // re-integrating and re-verifying off-peak), so its code must reach the line as a new
        // number's does, before the deletion takes the number off WhatsApp.
        LINE_REQUEST_FORWARDING,
        LINE_FORWARDING_ACTIVE,
        LINE_FORWARD_TO_ANSWERS,
        LINE_BYPASS_IVR,
        LINE_REQUEST_CALLING_NUMBERS,
        LINE_ROUTE_CALLING_NUMBERS,
        LINE_CHECK_REACHABILITY,
        step(
            &DELETE_INTEGRATION,
            &[
                "source-waba-reinstated",
                "meta-portfolio-access",
                "new-display-name-approved",
                "have-registration-pin",
                "call-forwarding-active",
                "confirm-forward-to-line-answers",
                "bypass-ivr-for-verification",
                "route-calling-numbers",
                "confirm-international-reachability",
            ],
        )
        .starts_downtime(),
        step(&WAIT_OFFLINE, &["delete-integration"]),
        step(&SIGNUP_WITH_OLD_PROFILE, &["wait-until-offline"]),
        step(&SAVE_INTEGRATION, &["re-run-signup-with-old-profile"])
            .ends_downtime()
            .hands_over_billing(),
        step(&CHECK_NEW_NAME, &["save-integration"]),
    ],
    billing: BillingRule {
        before: Payer::Genesys,
        after: Payer::Genesys,
        note: "The number stays in the same WABA on Genesys's credit line, so Genesys is billed before and after the re-integration.",
        sources: &["GFAQ", "implied"],
    },
    downtime_note: "Downtime runs from deleting the integration until it is saved again (Genesys FAQ); Genesys recommends an off-peak window for it. Each re-integration registers the number once more: one of Meta's 10 registrations per number in 72 hours (per week in the stricter reading).",
    early_downtime_note: None,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{DowntimeRole, SourceKind, all_step_ids, fleet_step};

    #[test]
    fn every_after_reference_resolves_within_route_or_fleet() {
        for kind in SourceKind::ALL {
            let route = kind.route();
            for step in route.steps {
                for dep in step.after {
                    assert!(
                        route.step(dep).is_some() || fleet_step(dep).is_some(),
                        "{kind}: {} comes after unknown {dep}",
                        step.def.id
                    );
                }
            }
        }
    }

    #[test]
    fn step_ids_are_kebab_case_and_unique_per_route() {
        for id in all_step_ids() {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
        for kind in SourceKind::ALL {
            let mut ids: Vec<_> = kind.route().steps.iter().map(|s| s.def.id).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(n, ids.len(), "{kind} repeats a step");
        }
    }

    #[test]
    fn every_route_registers_with_save_integration_as_handover() {
        for kind in SourceKind::ALL {
            let handovers: Vec<_> = kind.route().steps.iter().filter(|s| s.handover).collect();
            assert_eq!(handovers.len(), 1, "{kind}");
            assert_eq!(handovers[0].def.id, "save-integration");
        }
    }

    #[test]
    fn every_step_cites_a_source() {
        for kind in SourceKind::ALL {
            for step in kind.route().steps {
                assert!(!step.def.sources.is_empty(), "{}", step.def.id);
            }
        }
    }

    #[test]
    fn every_step_has_an_estimate_and_says_when_it_is_done() {
        let fleet = FLEET.iter().map(|f| f.def);
        for def in fleet.chain(
            SourceKind::ALL
                .iter()
                .flat_map(|k| k.route().steps.iter().map(|s| s.def)),
        ) {
            // Meta's review of a restricted WABA, and of a banned number's appeal: no source
            // gives a duration.
            let no_source_gives_one =
                def.id == "source-waba-reinstated" || def.id == "appeal-number-ban";
            assert_eq!(
                def.estimate.is_some(),
                !no_source_gives_one,
                "{} has no estimate",
                def.id
            );
            assert!(
                def.done_when.starts_with("Done when") || def.done_when.starts_with("Started when"),
                "{}",
                def.id
            );
        }
    }

    #[test]
    fn meta_reviews_and_waits_run_around_the_clock() {
        for def in [
            &DISPLAY_NAME_APPROVED,
            &REGISTRATION_PIN,
            &WAIT_AFTER_DISCONNECT,
            &WAIT_OFFLINE,
            &REVIEW_TEMPLATES,
        ] {
            assert_eq!(def.clock, Clock::Around, "{}", def.id);
        }
        assert_eq!(CANNED_RESPONSES.clock, Clock::Working);
    }

    #[test]
    fn engage_requires_deleting_the_engage_integration_before_migrating() {
        let step = ENGAGE.step("verify-number-in-embedded-signup").unwrap();
        assert_eq!(step.after, &["delete-engage-integration"]);
        assert_eq!(
            ENGAGE.step("delete-engage-integration").unwrap().downtime,
            DowntimeRole::Starts
        );
    }

    #[test]
    fn region_move_does_not_disable_two_step_verification() {
        assert!(GENESYS.step("disable-two-step-verification").is_none());
        assert!(GENESYS.step("have-registration-pin").is_some());
    }

    #[test]
    fn sms_inventory_forward_to_line_must_answer_a_call_from_abroad() {
        let step = NEW.step("confirm-forward-to-line-answers").unwrap();
        assert_eq!(step.when, Condition::SmsInventory);
        assert_eq!(step.def.owner, Owner::Customer);
        assert_eq!(step.phase(), Phase::Prepare);
        assert!(step.def.sources.contains(&"GFAQ"));
        let verify = NEW.step("verify-number-in-embedded-signup").unwrap();
        assert!(verify.after.contains(&"confirm-forward-to-line-answers"));
        assert_eq!(
            NEW.step("confirm-forward-to-line-answers").unwrap().after,
            &["call-forwarding-active"]
        );
    }

    #[test]
    fn toll_free_calling_numbers_take_two_to_three_business_days() {
        let est = REQUEST_CALLING_NUMBERS.estimate.unwrap();
        assert_eq!(est, Estimate::at_least_business_days(2, 3));
    }

    /// Every step that comes before `id` in `route`, directly or through others.
    fn before(route: &Route, id: &str) -> Vec<&'static str> {
        let mut found: Vec<&'static str> = Vec::new();
        let mut queue = vec![route.step(id).unwrap()];
        while let Some(step) = queue.pop() {
            for dep in step.after {
                if let Some(d) = route.step(dep)
                    && !found.contains(&d.def.id)
                {
                    found.push(d.def.id);
                    queue.push(d);
                }
            }
        }
        found
    }

    #[test]
    fn every_route_that_verifies_a_number_can_get_the_code_to_its_line_first() {
        // GFAQ: an IVR, an SMS-only long code, or a line refusing calls from abroad keeps Meta's
        // code from any number verified in Embedded Signup, new or migrating (MESM), or
        // re-verified for a display-name change (GFAQ: plan the re-verification off-peak).
        let line: Vec<&str> = NEW
            .steps
            .iter()
            .filter(|s| s.when.is_line())
            .map(|s| s.def.id)
            .collect();
        assert_eq!(line.len(), 7);
        for kind in SourceKind::ALL {
            let route = kind.route();
            let verify = [
                "verify-number-in-embedded-signup",
                "re-run-signup-with-old-profile",
            ]
            .into_iter()
            .find(|id| route.step(id).is_some())
            .unwrap();
            let mut gates = vec![verify];
            gates.extend(
                (route.steps.iter())
                    .filter(|s| s.downtime == DowntimeRole::Starts)
                    .map(|s| s.def.id),
            );
            for gate in gates {
                let before = before(route, gate);
                for id in &line {
                    assert!(before.contains(id), "{kind}: {id} before {gate}");
                }
            }
        }
    }

    #[test]
    fn a_migrating_number_that_states_no_line_takes_its_route_without_the_line_steps() {
        for kind in [
            SourceKind::Engage,
            SourceKind::Bsp,
            SourceKind::Genesys,
            SourceKind::App,
            SourceKind::NameChange,
        ] {
            let full = kind.route();
            let plain = crate::catalog::ROUTES[crate::catalog::route_index(kind, false)];
            assert_eq!(plain.kind, kind);
            assert!(std::ptr::eq(
                full,
                crate::catalog::ROUTES[crate::catalog::route_index(kind, true)]
            ));
            let expected: Vec<_> = (full.steps.iter())
                .filter(|s| !s.when.is_line())
                .map(|s| s.def.id)
                .collect();
            let ids: Vec<_> = plain.steps.iter().map(|s| s.def.id).collect();
            assert_eq!(ids, expected, "{kind}");
            assert!(ids.len() < full.steps.len(), "{kind}");
        }
        // A new number always states its line.
        assert_eq!(
            crate::catalog::route_index(SourceKind::New, false),
            crate::catalog::route_index(SourceKind::New, true)
        );
        // Every route index is taken exactly once.
        let mut taken: Vec<usize> = SourceKind::ALL
            .into_iter()
            .flat_map(|k| [false, true].map(|stated| crate::catalog::route_index(k, stated)))
            .collect();
        taken.sort_unstable();
        taken.dedup();
        assert_eq!(taken, (0..crate::catalog::ROUTES.len()).collect::<Vec<_>>());
    }

    #[test]
    fn genesys_cloud_is_ready_before_the_number_arrives_on_every_route() {
        // Canned responses before the cutover for Engage and BSP alike (GFAQ names both), and
        // only for numbers with templates.
        for route in [&ENGAGE, &BSP] {
            let canned = route.step("create-canned-responses").unwrap();
            assert_eq!(canned.phase(), Phase::Prepare, "{:?}", route.kind);
            assert_eq!(canned.when, Condition::HasTemplates);
        }
        // An inbound flow and queue (one fleet step) before every arriving route's cutover; the
        // region move rebuilds them with the rest of the org's configuration.
        let inbound = crate::catalog::fleet_step("configure-inbound-routing").unwrap();
        assert_eq!(inbound.when, FleetWhen::SomeArrival);
        assert_eq!(inbound.def.phase, Phase::Prepare);
        for route in [&ENGAGE, &BSP, &APP, &NEW] {
            let before_cutover = route.steps.iter().any(|s| {
                s.phase() == Phase::Cutover && s.after.contains(&"configure-inbound-routing")
            });
            assert!(before_cutover, "{:?}", route.kind);
        }
        assert!(GENESYS.step("rebuild-destination-org-config").is_some());
    }

    #[test]
    fn every_route_step_comes_after_steps_of_an_earlier_or_same_phase() {
        for kind in SourceKind::ALL {
            let route = kind.route();
            for s in route.steps {
                for dep in s.after {
                    if let Some(d) = route.step(dep) {
                        assert!(
                            d.phase() <= s.phase(),
                            "{kind}: {} ({:?}) after {dep} ({:?})",
                            s.def.id,
                            s.phase(),
                            d.phase()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn display_name_change_on_a_number_already_in_genesys_cloud() {
        // The route of a number whose plan says nothing of its line (the line steps are
        // tested above).
        let ids: Vec<_> = NAME_CHANGE_LINE_UNSTATED
            .steps
            .iter()
            .map(|s| s.def.id)
            .collect();
        assert_eq!(
            ids,
            [
                "edit-display-name",
                "new-display-name-approved",
                "have-registration-pin",
                "source-waba-reinstated",
                "delete-integration",
                "wait-until-offline",
                "re-run-signup-with-old-profile",
                "save-integration",
                "check-new-display-name",
            ]
        );
        // Meta's review: the stricter figures (days), around the clock, overridable.
        let review = NAME_CHANGE.step("new-display-name-approved").unwrap();
        assert_eq!(review.after, &["edit-display-name"]);
        assert_eq!(
            review.def.estimate,
            Some(Estimate::minutes(10, 2880, 10080))
        );
        assert_eq!(review.def.clock, Clock::Around);
        assert_eq!(review.satisfied_by, Some(Fact::DisplayNameApproved));
        // Deletion waits for the approval and the PIN, and starts the downtime; the save ends it.
        let delete = NAME_CHANGE.step("delete-integration").unwrap();
        assert!(delete.after.contains(&"new-display-name-approved"));
        assert!(delete.after.contains(&"have-registration-pin"));
        assert_eq!(delete.downtime, DowntimeRole::Starts);
        assert_eq!(
            NAME_CHANGE.step("save-integration").unwrap().downtime,
            DowntimeRole::Ends
        );
        // 1-2 minutes offline, then the same WABA and the old business profile, never a new one.
        assert_eq!(
            NAME_CHANGE.step("wait-until-offline").unwrap().after,
            &["delete-integration"]
        );
        assert!(
            SIGNUP_WITH_OLD_PROFILE
                .action
                .contains("never create a new profile")
        );
        // No two-step verification change: the same PIN is reused; no migration steps.
        for id in [
            "disable-two-step-verification",
            "confirm-display-name-approved",
            "create-canned-responses",
            "verify-number-in-embedded-signup",
        ] {
            assert!(NAME_CHANGE.step(id).is_none(), "{id}");
        }
        assert!(NAME_CHANGE.downtime_note.contains("off-peak"));
        assert_eq!(NAME_CHANGE.billing.before, Payer::Genesys);
    }

    #[test]
    fn partner_access_to_the_customers_waba() {
        let step = crate::catalog::fleet_step("partner-waba-access").unwrap();
        assert_eq!(step.when, FleetWhen::PartnerRuns);
        assert_eq!(step.def.phase, Phase::Prepare);
        // Both options Genesys names, and which one is the more secure.
        assert!(step.def.action.contains("share"), "{}", step.def.action);
        assert!(step.def.action.contains("its own Meta business portfolio"));
        assert!(step.def.action.contains("adds the partner's people"));
        assert!(step.def.reason.contains("more secure"));
        assert!(step.def.sources.contains(&"GFAQ"));
        // Every route's cutover waits for it through the portfolio access.
        let portfolio = crate::catalog::fleet_step("meta-portfolio-access").unwrap();
        assert_eq!(portfolio.after, &["partner-waba-access"]);
    }

    #[test]
    fn business_verification_when_the_unverified_business_cannot_hold_the_numbers() {
        let step = crate::catalog::fleet_step("verify-business").unwrap();
        assert_eq!(step.when, FleetWhen::VerificationNeeded);
        // 10 minutes to 14 working days; the stricter figure is expected.
        let estimate = step.def.estimate.unwrap();
        assert_eq!(estimate.min, crate::catalog::Amount::Minutes(10));
        assert_eq!(estimate.expected, crate::catalog::Amount::BusinessDays(14));
        assert_eq!(estimate.max, Some(crate::catalog::Amount::BusinessDays(14)));
        assert!(step.def.reason.contains("Official Business Account"));
        // Two numbers by default (a soft figure), plus the credit line's first number.
        assert_eq!(crate::catalog::UNVERIFIED_NUMBER_LIMIT, 2);
        assert_eq!(crate::catalog::numbers_brought_in(2, true), 3);
        // Every arriving route's first cutover step waits for it; numbers already in the
        // portfolio (region moves, display-name changes) do not.
        for route in [&ENGAGE, &BSP, &APP, &NEW] {
            assert!(
                route
                    .steps
                    .iter()
                    .any(|s| s.phase() == Phase::Cutover && s.after.contains(&"verify-business")),
                "{:?}",
                route.kind
            );
        }
        for route in [&GENESYS, &NAME_CHANGE] {
            assert!(
                route
                    .steps
                    .iter()
                    .all(|s| !s.after.contains(&"verify-business"))
            );
        }
    }

    #[test]
    fn a_disabled_or_restricted_source_waba_blocks_until_meta_reinstates_it() {
        for route in [&ENGAGE, &BSP] {
            let step = route.step("source-waba-reinstated").unwrap();
            assert_eq!(step.when, Condition::SourceWabaRestricted);
            assert_eq!(step.phase(), Phase::Prepare);
            assert!(step.owner_is_source_admin);
            assert!(step.def.action.contains("Meta Business Support Home"));
            // No duration is made up.
            assert_eq!(step.def.estimate, None);
            let first_cutover = route
                .steps
                .iter()
                .find(|s| s.phase() == Phase::Cutover)
                .unwrap();
            assert!(first_cutover.after.contains(&"source-waba-reinstated"));
        }
    }

    #[test]
    fn the_waba_a_region_move_or_a_name_change_keeps_is_reinstated_before_the_deletion() {
        // GFAQ's reinstatement answer holds for any WABA: these routes keep the number's WABA
        // and delete its integration, which registers again only in a WABA in good standing.
        for (route, delete) in [
            (&GENESYS, "delete-old-integration"),
            (&NAME_CHANGE, "delete-integration"),
        ] {
            let step = route.step("source-waba-reinstated").unwrap();
            assert_eq!(step.when, Condition::SourceWabaRestricted);
            assert_eq!(step.def.estimate, None);
            let delete = route.step(delete).unwrap();
            assert_eq!(delete.downtime, DowntimeRole::Starts);
            assert!(delete.after.contains(&"source-waba-reinstated"));
        }
    }

    #[test]
    fn a_banned_number_is_unbanned_by_appeal_before_it_leaves_the_app_or_registers() {
        // MPN: banned numbers must be unbanned by appeal first.
        let app = APP.step("appeal-number-ban").unwrap();
        assert_eq!(app.when, Condition::NumberBanned);
        assert_eq!(app.def.estimate, None);
        assert!(app.def.sources.contains(&"MPN"));
        assert!(
            APP.step("delete-app-account")
                .unwrap()
                .after
                .contains(&"appeal-number-ban")
        );
        assert!(
            NEW.step("verify-number-in-embedded-signup")
                .unwrap()
                .after
                .contains(&"appeal-number-ban")
        );
    }

    #[test]
    fn on_premises_numbers_move_to_cloud_api_first() {
        let step = BSP.step("move-on-premises-number-to-cloud-api").unwrap();
        assert_eq!(step.when, Condition::OnPremises);
        assert!(step.def.reason.contains("23 October 2025"));
        // Before anything else: two-step verification and every cutover step wait for it.
        assert!(
            BSP.step("disable-two-step-verification")
                .unwrap()
                .after
                .contains(&"move-on-premises-number-to-cloud-api")
        );
        assert!(
            BSP.step("verify-number-in-embedded-signup")
                .unwrap()
                .after
                .contains(&"move-on-premises-number-to-cloud-api")
        );
    }

    #[test]
    fn app_release_wait_is_three_to_five_minutes() {
        assert_eq!(
            WAIT_AFTER_DISCONNECT.estimate,
            Some(Estimate::minutes(3, 5, 5))
        );
        assert!(APP.step("wait-for-release").is_some());
    }
}

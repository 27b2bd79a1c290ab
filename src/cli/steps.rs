//! `wamigrate steps`: the step catalogue, every step of each source kind with its owner, phase,
//! duration, role in downtime and billing, and public sources.

use std::fmt::Write as _;
use std::io;

use serde::Serialize;

use super::{Format, Out, SourceArg};
use crate::catalog::{self, Condition, SourceKind};
use crate::report;

/// Arguments of `steps`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this source kind.
    #[arg(long, value_enum)]
    pub source: Option<SourceArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `steps`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    steps(args.source.map(SourceKind::from), args.format, out)
}

#[derive(Serialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "a flat JSON row of independent yes/no facts about one catalogue step"
)]
struct CatalogStep {
    step: &'static str,
    title: &'static str,
    owner: catalog::Owner,
    /// The owner is whoever administers the source WABA (`source_waba_admin`), `owner` by default.
    owner_is_source_admin: bool,
    phase: catalog::Phase,
    applies: &'static str,
    after: &'static [&'static str],
    estimate: Option<String>,
    starts_downtime: bool,
    ends_downtime: bool,
    billing_handover: bool,
    reason: &'static str,
    action: &'static str,
    /// What "done" means for the step (for a request: the answer received, or the request sent).
    done_when: &'static str,
    sources: &'static [&'static str],
}

#[derive(Serialize)]
struct CatalogRoute {
    source: SourceKind,
    steps: Vec<CatalogStep>,
}

fn condition_words(c: Condition) -> &'static str {
    match c {
        Condition::Always => "always",
        Condition::DisconnectAhead => "disconnect_ahead: true",
        Condition::StaysConnected => "disconnect_ahead: false",
        Condition::SmsInventory => "line: sms_inventory",
        Condition::IvrBypass => "behind_ivr: true, can_bypass_ivr: true",
        Condition::IvrNoBypass => "behind_ivr: true, can_bypass_ivr: false",
        Condition::CheckReachability => {
            "line: mobile, landline or direct, or toll_free not behind an IVR"
        }
        Condition::HasTemplates => "the plan lists templates for the number",
        Condition::TemplatesNotCopied => {
            "disconnect_ahead: true, and the plan lists templates for the number"
        }
        Condition::SourceWabaRestricted => "waba_status: restricted or disabled",
        Condition::OnPremises => "on_premises: true",
        Condition::NumberBanned => "banned: true",
        Condition::CountryRestricted => {
            "a number arriving from +53, +98, +850 or +963 (platform not available)"
        }
    }
}

/// A catalogue row: a route step, or a fleet step (no route, so no special role).
fn catalog_step(
    def: &'static catalog::StepDef,
    route_step: Option<&'static catalog::RouteStep>,
    after: &'static [&'static str],
    applies: &'static str,
) -> CatalogStep {
    let downtime = route_step.map_or(catalog::DowntimeRole::None, |r| r.downtime);
    CatalogStep {
        step: def.id,
        title: def.title,
        owner: def.owner,
        owner_is_source_admin: route_step.is_some_and(|r| r.owner_is_source_admin),
        phase: route_step.map_or(def.phase, catalog::RouteStep::phase),
        applies,
        after,
        estimate: def.estimate.map(|e| e.to_string()),
        starts_downtime: downtime == catalog::DowntimeRole::Starts,
        ends_downtime: downtime == catalog::DowntimeRole::Ends,
        billing_handover: route_step.is_some_and(|r| r.handover),
        reason: def.reason,
        action: def.action,
        done_when: def.done_when,
        sources: def.sources,
    }
}

fn steps(only: Option<SourceKind>, format: Format, out: &mut Out) -> io::Result<u8> {
    let routes: Vec<CatalogRoute> = SourceKind::ALL
        .into_iter()
        .filter(|k| only.is_none_or(|o| o == *k))
        .map(|kind| CatalogRoute {
            source: kind,
            steps: kind
                .route()
                .steps
                .iter()
                .map(|s| catalog_step(s.def, Some(s), s.after, condition_words(s.when)))
                .collect(),
        })
        .collect();
    let fleet_steps: Vec<CatalogStep> = catalog::steps::FLEET
        .iter()
        .map(|s| catalog_step(s.def, None, s.after, s.when.as_str()))
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Catalog {
                format_version: u32,
                fleet: Vec<CatalogStep>,
                routes: Vec<CatalogRoute>,
            }
            out.json(&Catalog {
                format_version: report::FORMAT_VERSION,
                fleet: fleet_steps,
                routes,
            })?;
        }
        Format::Text => {
            let mut text = String::new();
            let mut section = |title: &str, steps: &[CatalogStep]| {
                let _ = writeln!(text, "{title}");
                for s in steps {
                    let mut flags = Vec::new();
                    if s.starts_downtime {
                        flags.push("starts downtime");
                    }
                    if s.ends_downtime {
                        flags.push("ends downtime");
                    }
                    if s.billing_handover {
                        flags.push("billing hand-over");
                    }
                    let _ = writeln!(
                        text,
                        "  {:<36} {:<8} {:<15} {}",
                        s.step,
                        s.phase.as_str(),
                        s.owner.as_str(),
                        s.title
                    );
                    let mut meta = vec![format!("sources: {}", s.sources.join(", "))];
                    if s.applies != "always" {
                        meta.push(format!("when {}", s.applies));
                    }
                    if let Some(e) = &s.estimate {
                        meta.push(format!("takes {e}"));
                    }
                    if !flags.is_empty() {
                        meta.push(flags.join(", "));
                    }
                    let _ = writeln!(text, "  {:<36} {}", "", meta.join("; "));
                }
                text.push('\n');
            };
            if only.is_none() {
                section("fleet (one step for the whole plan)", &fleet_steps);
            }
            for r in &routes {
                let mut title = format!("source: {}", r.source.as_str());
                // A migrating number gets its line's steps only when its source states the line:
                // without this, a reader takes `when line: sms_inventory` for something the
                // plan's number already says.
                let line_steps: Vec<&str> = (r.source.route().steps.iter())
                    .filter(|s| s.when.is_line())
                    .map(|s| s.def.id)
                    .collect();
                if r.source != SourceKind::New && !line_steps.is_empty() {
                    let _ = write!(
                        title,
                        "\n  (the {} line steps, {} to {}, exist only for a number whose source \
                         states `line:` or `behind_ivr: true`)",
                        line_steps.len(),
                        line_steps.first().copied().unwrap_or_default(),
                        line_steps.last().copied().unwrap_or_default(),
                    );
                }
                section(&title, &r.steps);
            }
            out.data(&text)?;
        }
    }
    Ok(0)
}

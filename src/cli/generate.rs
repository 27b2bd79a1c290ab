//! `wamigrate generate`: a realistic fleet plan of any size, to try wamigrate at scale.

use std::io;

use super::Out;

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many numbers (1 to 250,000: the largest plan wamigrate reads is 96 MiB, and a
    /// generated plan takes about 340 bytes a number).
    #[arg(long, default_value_t = 1000, value_parser = fleet_size)]
    pub numbers: u32,
    /// Seed of the pseudo-random choices (the same seed gives the same plan).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The most numbers `generate` writes.
const MAX_NUMBERS: u32 = 250_000;

/// `--numbers`: a whole number from 1 to [`MAX_NUMBERS`]. (The message spells the bound out in
/// words: a usage error masks every group of six digits, as it could be a PIN.)
fn fleet_size(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_NUMBERS).contains(&n) => Ok(n),
        _ => Err(format!(
            "write a whole number from 1 to {} thousand (the largest plan wamigrate reads is 96 MiB)",
            MAX_NUMBERS / 1000
        )),
    }
}

/// Runs `generate`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    out.data(&crate::generate::fleet_plan(
        args.numbers as usize,
        args.seed,
    ))?;
    Ok(0)
}

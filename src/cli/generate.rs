//! `wamigrate generate`: a realistic fleet plan of any size, to try wamigrate at scale.

use std::io;

use super::Out;

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many numbers.
    #[arg(long, default_value_t = 1000)]
    pub numbers: usize,
    /// Seed of the pseudo-random choices (the same seed gives the same plan).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Runs `generate`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    out.data(&crate::generate::fleet_plan(args.numbers, args.seed))?;
    Ok(0)
}

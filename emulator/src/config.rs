//! The emulator's settings.

use std::path::PathBuf;
use std::time::Duration;

/// How the emulator behaves; [`Config::default`] matches the command line defaults.
#[derive(Clone, Debug)]
pub struct Config {
    /// The one portal ID that exists.
    pub portal: String,
    /// The valid service account keys.
    pub keys: Vec<String>,
    /// How many users to seed.
    pub users: usize,
    /// Seed of the generated data.
    pub seed: u64,
    /// A built console (Trunk `dist/`) to serve on the same origin.
    pub static_dir: Option<PathBuf>,
    /// Requests per window per key; 0 turns rate limiting off.
    pub rate_limit: u32,
    /// Length of a rate limit window.
    pub rate_window: Duration,
    /// The largest accepted `limit` of a list request.
    pub max_limit: usize,
    /// Delay added to every API response.
    pub latency: Duration,
    /// Delay added to every API answer after its request was handled: a
    /// write is applied at once and its answer comes late, as when a
    /// connection drops before the answer arrives.
    pub answer_delay: Duration,
    /// Share (0 to 1) of API requests that fail with a 500 or 503.
    pub fail_rate: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            portal: "demo".to_string(),
            keys: vec!["sk:demo".to_string()],
            users: 237,
            seed: 1,
            static_dir: None,
            rate_limit: 500,
            rate_window: Duration::from_secs(60),
            max_limit: 100,
            latency: Duration::ZERO,
            answer_delay: Duration::ZERO,
            fail_rate: 0.0,
        }
    }
}

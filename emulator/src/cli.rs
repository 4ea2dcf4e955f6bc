//! Command line parsing.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crate::config::Config;

/// The `--help` text.
pub const USAGE: &str = "\
portal-emulator: a local stand-in for the Partner Portal API

usage: portal-emulator [options]

  --addr ADDR          address to listen on (default 127.0.0.1:8787; port 0 picks a free port)
  --portal ID          the one portal ID that exists (default demo)
  --key KEY            a valid service account key; repeat for several (default sk:demo)
  --users N            users to seed (default 237)
  --seed N             seed of the generated data (default 1)
  --static DIR         also serve the built console (a Trunk dist/ directory) from DIR
  --rate-limit N       requests per window per key, 0 for no limit (default 500)
  --rate-window S      rate limit window in seconds (default 60)
  --max-limit N        largest accepted `limit` of list requests (default 100)
  --latency-ms MS      delay added to every API response (default 0)
  --answer-delay-ms MS delay added to every API answer after the request was handled: a write
                       is applied at once, its answer comes late (default 0)
  --fail-rate P        share of API requests failing with 500 or 503, 0 to 1 (default 0)
  --help               print this help
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Print the usage.
    Help,
    /// Serve on `addr` with `config`.
    Run { addr: SocketAddr, config: Config },
}

/// A command line that cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("unknown option {0:?} (see --help)")]
    UnknownOption(String),
    #[error("{0} needs a value")]
    MissingValue(String),
    #[error("invalid value {value:?} for {option}: expected {expected}")]
    InvalidValue {
        option: String,
        value: String,
        expected: &'static str,
    },
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, CliError> {
    let mut addr = SocketAddr::from(([127, 0, 0, 1], 8787));
    let mut config = Config::default();
    let mut keys = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Ok(Command::Help);
        }
        // Both `--flag value` and `--flag=value`.
        let (option, inline) = match arg.split_once('=') {
            Some((option, value)) if option.starts_with("--") => {
                (option.to_string(), Some(value.to_string()))
            }
            _ => (arg, None),
        };
        if !is_known(&option) {
            return Err(CliError::UnknownOption(option));
        }
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| CliError::MissingValue(option.clone()))?;
        let value = Value {
            option: &option,
            text: &value,
        };
        match option.as_str() {
            "--addr" => addr = value.parse("an address such as 127.0.0.1:8787")?,
            "--portal" => config.portal = value.word("a portal ID")?,
            "--key" => keys.push(value.word("a key such as sk:demo")?),
            "--users" => config.users = value.parse("a number of users")?,
            "--seed" => config.seed = value.parse("a whole number")?,
            "--static" => config.static_dir = Some(PathBuf::from(value.text)),
            "--rate-limit" => config.rate_limit = value.parse("a number of requests")?,
            "--rate-window" => {
                config.rate_window =
                    Duration::from_secs(value.positive("a number of seconds, at least 1")?)
            }
            "--max-limit" => config.max_limit = value.positive("a page size, at least 1")? as usize,
            "--latency-ms" => config.latency = Duration::from_millis(value.parse("milliseconds")?),
            "--answer-delay-ms" => {
                config.answer_delay = Duration::from_millis(value.parse("milliseconds")?)
            }
            _ => config.fail_rate = value.share()?,
        }
    }
    if !keys.is_empty() {
        config.keys = keys;
    }
    Ok(Command::Run { addr, config })
}

fn is_known(option: &str) -> bool {
    matches!(
        option,
        "--addr"
            | "--portal"
            | "--key"
            | "--users"
            | "--seed"
            | "--static"
            | "--rate-limit"
            | "--rate-window"
            | "--max-limit"
            | "--latency-ms"
            | "--answer-delay-ms"
            | "--fail-rate"
    )
}

/// An option's value, with the option's name for error messages.
struct Value<'a> {
    option: &'a str,
    text: &'a str,
}

impl Value<'_> {
    fn invalid(&self, expected: &'static str) -> CliError {
        CliError::InvalidValue {
            option: self.option.to_string(),
            value: self.text.to_string(),
            expected,
        }
    }

    fn parse<T: FromStr>(&self, expected: &'static str) -> Result<T, CliError> {
        self.text.parse().map_err(|_| self.invalid(expected))
    }

    fn positive(&self, expected: &'static str) -> Result<u64, CliError> {
        match self.text.parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(self.invalid(expected)),
        }
    }

    /// Non-empty text without whitespace (it travels in URLs and headers).
    fn word(&self, expected: &'static str) -> Result<String, CliError> {
        if self.text.is_empty() || self.text.contains(char::is_whitespace) {
            Err(self.invalid(expected))
        } else {
            Ok(self.text.to_string())
        }
    }

    fn share(&self) -> Result<f64, CliError> {
        match self.text.parse::<f64>() {
            Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
            _ => Err(self.invalid("a number from 0 to 1")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Command, CliError> {
        parse(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn defaults_and_values() {
        let Ok(Command::Run { addr, config }) = run(&[
            "--addr=127.0.0.1:0",
            "--key",
            "sk:a",
            "--key",
            "sk:b",
            "--rate-window",
            "2",
            "--fail-rate",
            "0.5",
        ]) else {
            panic!("should parse");
        };
        assert_eq!(addr.port(), 0);
        assert_eq!(config.keys, ["sk:a", "sk:b"]);
        assert_eq!(config.rate_window, Duration::from_secs(2));
        assert_eq!(config.fail_rate, 0.5);
        assert_eq!(config.portal, "demo");
        assert_eq!(config.users, 237);
    }

    #[test]
    fn errors_name_the_option() {
        assert!(matches!(run(&["--help"]), Ok(Command::Help)));
        assert!(matches!(run(&["--nope"]), Err(CliError::UnknownOption(_))));
        assert!(matches!(run(&["--users"]), Err(CliError::MissingValue(_))));
        for bad in [
            ["--users", "many"],
            ["--fail-rate", "2"],
            ["--max-limit", "0"],
            ["--key", ""],
        ] {
            let err = run(&bad).unwrap_err();
            assert!(err.to_string().contains(bad[0]), "{err}");
        }
    }
}

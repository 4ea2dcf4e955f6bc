//! Starts `portal-emulator` processes and stops them when dropped: the one
//! launcher that `cargo xtask` (the wasm tests, `dev`) and the e2e tests
//! share. Standard library only, so the tooling that uses it stays light.

use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running emulator, killed when dropped (also when a test fails).
pub struct Emulator {
    child: Child,
    /// Its base URL, e.g. `http://127.0.0.1:39127`.
    pub url: String,
}

impl Emulator {
    /// Starts `binary` listening on `addr` (`127.0.0.1:0` for any free port)
    /// with extra `args`, and waits until it says where it listens.
    pub fn start<S: AsRef<OsStr>>(binary: &Path, addr: &str, args: &[S]) -> io::Result<Emulator> {
        let mut child = Command::new(binary)
            .args(["--addr", addr])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("starting {}: {e}", binary.display())))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        // Owned from here, so that an early return below kills the process.
        let mut emulator = Emulator {
            child,
            url: String::new(),
        };
        let mut reader = BufReader::new(stdout);
        let mut first = String::new();
        reader.read_line(&mut first)?;
        // Keep reading, so the emulator never writes to a closed pipe.
        std::thread::spawn(move || io::copy(&mut reader, &mut io::sink()));
        let Some(url) = first.trim().strip_prefix("listening on ") else {
            return Err(io::Error::other(format!(
                "the emulator did not say where it listens: {first:?}"
            )));
        };
        emulator.url = url.to_owned();
        Ok(emulator)
    }

    /// The address it listens on, e.g. `127.0.0.1:39127`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! The `portal-emulator` command: parses the options, prints where it
//! listens, and serves until interrupted.

use std::io::Write;
use std::process::ExitCode;

use portal_emulator::cli::{self, Command, USAGE};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let (addr, config) = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run { addr, config }) => (addr, config),
        Err(err) => {
            eprintln!("portal-emulator: {err}");
            return ExitCode::from(2);
        }
    };
    let console = config.static_dir.is_some();
    let portal = config.portal.clone();
    let key = config.keys[0].clone();
    let router = match portal_emulator::router(config) {
        Ok(router) => router,
        Err(err) => {
            eprintln!("portal-emulator: --static: {err}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("portal-emulator: cannot listen on {addr}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let url = match listener.local_addr() {
        Ok(bound) => format!("http://{bound}"),
        Err(err) => {
            eprintln!("portal-emulator: {err}");
            return ExitCode::FAILURE;
        }
    };
    // The first line's exact shape is parsed by the tests and the xtask.
    println!("listening on {url}");
    println!("API base URL: {url}");
    if console {
        println!("console:      {url}/");
    }
    println!("portal ID:    {portal}");
    println!("service key:  {key}");
    // Readers wait for the first line; stdout is block-buffered when piped.
    let _ = std::io::stdout().flush();
    match portal_emulator::serve(router, listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("portal-emulator: {err}");
            ExitCode::FAILURE
        }
    }
}

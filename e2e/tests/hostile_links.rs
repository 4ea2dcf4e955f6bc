//! Issue 14: no address from outside takes the administrator, or their key,
//! to another site. The parsing that matters is Chromium's, so the hostile
//! `next` values go through the real address bar and the real Connect.

use std::io::ErrorKind;
use std::net::TcpListener;

use anyhow::{ensure, Result};
use e2e::{Browser, Emulator, KEY, PORTAL};
use serde_json::json;

/// What an attacker would put in `/connect?next=…`, as the console reads it
/// from the query (each is percent-encoded into the link).
const HOSTILE_NEXT: [&str; 18] = [
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    " //evil.example",
    "\t//evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http://evil.example/users",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
];

/// A listener that `evil.example` resolves to inside the browser: a
/// connection to it is a request that left for another origin.
struct Trap(TcpListener);

impl Trap {
    fn new() -> Result<Trap> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        Ok(Trap(listener))
    }

    /// The Chromium flag that sends every lookup of `evil.example` here.
    fn resolver_rule(&self) -> Result<String> {
        let port = self.0.local_addr()?.port();
        Ok(format!(
            "--host-resolver-rules=MAP evil.example 127.0.0.1:{port}"
        ))
    }

    /// Whether anything connected so far.
    fn was_reached(&self) -> Result<bool> {
        match self.0.accept() {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Opens Connect with `hostile` as its `next`, as a link would.
async fn open_connect_with_next(
    browser: &Browser,
    emulator: &Emulator,
    hostile: &str,
) -> Result<()> {
    let next: String = url::form_urlencoded::byte_serialize(hostile.as_bytes()).collect();
    let link = format!("{}/connect?next={next}", emulator.url);
    browser.client.goto(&link).await?;
    Ok(())
}

/// Waits for the users list, then checks that the tab is still on the
/// console's origin and that nothing reached `evil.example`.
async fn expect_still_in_the_console(
    browser: &Browser,
    emulator: &Emulator,
    trap: &Trap,
    hostile: &str,
) -> Result<()> {
    browser
        .wait_until(
            &format!("the users list after next={hostile:?}"),
            "location.pathname === '/users' && document.querySelector('table tbody th[scope=row]')",
        )
        .await?;
    let origin = browser.eval("return location.origin;").await?;
    ensure!(
        origin == json!(emulator.url),
        "next={hostile:?} left for {origin}"
    );
    ensure!(
        !trap.was_reached()?,
        "next={hostile:?} sent a request to evil.example"
    );
    Ok(())
}

#[tokio::test]
async fn connecting_through_a_hostile_next_stays_in_the_console() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let trap = Trap::new()?;
    let browser = Browser::start_with_args(&[&trap.resolver_rule()?]).await?;
    for hostile in HOSTILE_NEXT {
        open_connect_with_next(&browser, &emulator, hostile).await?;
        browser.submit_connect(&emulator.url, PORTAL, KEY).await?;
        expect_still_in_the_console(&browser, &emulator, &trap, hostile).await?;
        // Signed out again, so that the next value goes through Connect too.
        browser.eval("sessionStorage.clear(); return null;").await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_signed_in_tab_follows_no_hostile_next_either() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let trap = Trap::new()?;
    let browser = Browser::start_with_args(&[&trap.resolver_rule()?]).await?;
    browser.connect(&emulator, &emulator.url).await?;
    for hostile in HOSTILE_NEXT {
        open_connect_with_next(&browser, &emulator, hostile).await?;
        expect_still_in_the_console(&browser, &emulator, &trap, hostile).await?;
    }
    // A page of the console is still followed.
    browser
        .client
        .goto(&format!(
            "{}/connect?next=%2Fusers%3Flimit%3D10",
            emulator.url
        ))
        .await?;
    browser
        .wait_until("the list of 10", "location.search === '?limit=10'")
        .await?;
    Ok(())
}

#[tokio::test]
async fn the_base_url_refuses_scripts_and_says_where_the_key_goes() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let trap = Trap::new()?;
    let browser = Browser::start_with_args(&[&trap.resolver_rule()?]).await?;
    browser.client.goto(&emulator.url).await?;
    for refused in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
    ] {
        browser.submit_connect(refused, PORTAL, KEY).await?;
        browser
            .wait_for_text("The API base URL must start with https:// (or http://)")
            .await?;
        ensure!(
            browser.try_find("button", "Sign out").await?.is_none(),
            "{refused} signed in"
        );
    }
    browser
        .submit_connect("https://user:secret@evil.example", PORTAL, KEY)
        .await?;
    browser
        .wait_for_text("The API base URL may not hold a user name or password")
        .await?;
    browser.screenshot("connect", "base-url-refused").await?;

    // The console's own origin, as prefilled: no warning.
    browser.fill("API base URL", &emulator.url).await?;
    ensure!(
        !browser.text().await?.contains("The key will be sent to"),
        "a warning for the console's own origin"
    );
    browser
        .fill("API base URL", "https://evil.example/api")
        .await?;
    browser
        .wait_for_text("The key will be sent to evil.example")
        .await?;
    let described = browser
        .eval("return document.getElementById('service-key').getAttribute('aria-describedby');")
        .await?;
    ensure!(
        described
            .as_str()
            .is_some_and(|ids| ids.contains("service-key-destination")),
        "the key field is not described by the warning: {described}"
    );
    browser.screenshot("connect", "other-origin").await?;
    // The same host with a backslash trick is refused, not warned about as another host.
    browser
        .fill("API base URL", &format!("{}\\@evil.example", emulator.url))
        .await?;
    browser.click("button", "Connect").await?;
    browser
        .wait_for_text("The API base URL must name a host")
        .await?;
    ensure!(
        !trap.was_reached()?,
        "the key field sent a request to evil.example"
    );
    Ok(())
}

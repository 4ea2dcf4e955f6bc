//! What the benchmark does in the page: open a URL and wait for its rows
//! painted, click Next, time the browser's floor for a big table, read
//! memory figures. Times are taken inside the page (`performance`), never
//! across WebDriver.
//!
//! “Rows painted” is the same mark for both apps, set by the bench itself
//! (see [`watcher`]): neither app's own instrumentation is used.

use anyhow::{bail, Context, Result};
use e2e::{cdp, Browser};
use serde_json::{json, Value};

/// The rows a page is expected to show: how many, and the emails of the
/// first and the last, which neither app's loading placeholders hold.
pub struct Expect {
    pub rows: usize,
    pub first: String,
    pub last: String,
}

/// A load or a click, up to its rows painted.
pub struct Painted {
    /// Milliseconds: since navigation start for a load, since the click for
    /// a click.
    pub at: f64,
    /// Bytes over the wire (with headers) of every response that ended
    /// before the rows were painted, the document's included.
    pub bytes: u64,
    /// When the last user list request was sent and when its answer
    /// arrived, in ms since navigation start (loads only).
    pub list_request: Option<(f64, f64)>,
    /// The files fetched, by path (loads only).
    pub fetched: Vec<String>,
    /// What came before the user list request, in ms since navigation
    /// start (the console's loads only).
    pub start_up: Option<StartUp>,
}

/// A load of the console up to its user list request, in ms since
/// navigation start.
#[derive(Clone, Copy)]
pub struct StartUp {
    /// The document received.
    pub document: f64,
    /// The main wasm module received (compiled as it streamed in).
    pub wasm: f64,
    /// The wasm instantiated and `main` started (the bench build's
    /// `portal-admin:started` mark).
    pub started: f64,
}

/// Memory figures at one moment.
pub struct Memory {
    pub wasm: u64,
    pub heap: u64,
    pub nodes: u64,
}

/// The script installed before a page's own (`Page.addScriptToEvaluateOnNewDocument`):
/// `window.benchRows.expect(rows, first, last)` resolves with
/// `performance.now()` in a task queued from the first animation frame
/// after the table shows `rows` rows, the first holding `first` and the
/// `rows`-th holding `last`: after that frame's style, layout and paint.
/// `benchRows.first` waits for `expect`, the page's first rows.
fn watcher(expect: &Expect) -> String {
    format!(
        r#"(() => {{
  let waiting = null;
  const check = () => {{
    if (!waiting) return;
    const {{ rows, first, last, resolve }} = waiting;
    const found = document.querySelectorAll('table tbody tr');
    if (found.length < rows || !found[0].textContent.includes(first)
        || !found[rows - 1].textContent.includes(last)) return;
    waiting = null;
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
  }};
  const expect = (rows, first, last) => new Promise((resolve) => {{
    waiting = {{ rows, first, last, resolve }};
    check();
  }});
  new MutationObserver(check).observe(document, {{ childList: true, subtree: true, characterData: true }});
  window.benchRows = {{ expect, first: expect({}, {}, {}) }};
}})();"#,
        expect.rows,
        json!(expect.first),
        json!(expect.last)
    )
}

/// The bytes of the responses that started at or after `since` and ended
/// by `until` (ms since navigation start).
const TRANSFERRED: &str =
    "const transferred = (since, until) => performance.getEntriesByType('resource')\
    .filter((e) => e.startTime >= since && e.responseEnd <= until)\
    .reduce((sum, e) => sum + e.transferSize, 0);\n";

/// Calls back with the page's first rows painted (see [`Painted`]).
const FIRST_ROWS: &str = r#"
const done = arguments[arguments.length - 1];
if (!window.benchRows) throw new Error('the rows watcher is not installed');
window.benchRows.first.then((at) => {
  const ended = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= at);
  const lists = ended.filter((e) => e.name.includes('/v1/partner-portals/demo/users'));
  done({
    at,
    bytes: performance.getEntriesByType('navigation')[0].transferSize + transferred(0, at),
    list_request: lists.length ? [lists[lists.length - 1].startTime, lists[lists.length - 1].responseEnd] : null,
    fetched: ended.map((e) => new URL(e.name).pathname),
    start_up: (() => {
      const wasm = ended.find((e) => /_bg\.wasm$/.test(new URL(e.name).pathname));
      const started = performance.getEntriesByName('portal-admin:started')[0];
      if (!wasm || !started) return null;
      const document = performance.getEntriesByType('navigation')[0].responseEnd;
      return { document, wasm: wasm.responseEnd, started: started.startTime };
    })(),
  });
});
"#;

/// Clicks the button named `arguments[0]` and calls back with the time
/// from the click to the rows `arguments[1..4]` painted, and the bytes.
const NEXT: &str = r#"
const [name, rows, first, last, done] = arguments;
const button = [...document.querySelectorAll('button')]
  .find((b) => (b.getAttribute('aria-label') || b.textContent).trim() === name);
if (!button) throw new Error(`no button named ${name}`);
const start = performance.now();
window.benchRows.expect(rows, first, last)
  .then((at) => done({ at: at - start, bytes: transferred(start, at) }));
button.click();
"#;

/// The browser's floor for the table on screen: the table taken out (and
/// that frame painted), then timed from a clone of it built into a
/// detached container, through attaching it where the table was, to the
/// same painted mark as [`watcher`]'s.
const FLOOR: &str = r#"
const done = arguments[arguments.length - 1];
const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
(async () => {
  const table = document.querySelector('table');
  const [parent, next] = [table.parentNode, table.nextSibling];
  table.remove();
  await painted();
  const start = performance.now();
  const container = document.createDocumentFragment();
  container.appendChild(table.cloneNode(true));
  parent.insertBefore(container, next);
  await painted();
  done(performance.now() - start);
})().catch((error) => done(String(error)));
"#;

/// Memory after two full collections: the wasm linear memory (through the
/// glue Trunk exposes as `window.wasmBindings`; `initSync` returns the
/// running instance's exports), the JS heap and the element count.
const MEMORY: &str = "window.gc(); window.gc(); \
    performance.clearResourceTimings(); \
    return { wasm: window.wasmBindings.initSync().memory.buffer.byteLength, \
             heap: performance.memory.usedJSHeapSize, \
             nodes: document.getElementsByTagName('*').length };";

/// What the scripts that drive the console themselves share: `named`, the
/// control with that accessible name, and `until`, a promise that `test`
/// holds within 15 s.
const CONTROLS: &str = r#"
const named = (selector, name) => [...document.querySelectorAll(selector)]
  .find((e) => (e.getAttribute('aria-label') || e.textContent).replace(/\s+/g, ' ').trim() === name);
const until = (what, test) => new Promise((resolve, reject) => {
  const start = performance.now();
  const poll = () => {
    if (test()) resolve();
    else if (performance.now() - start > 15000) reject(new Error(`timed out waiting for ${what}`));
    else setTimeout(poll, 5);
  };
  poll();
});
"#;

/// One memory round, driven inside the page: Next, open the first user and
/// go back, open New user and cancel it, and with `arguments[0]` Previous.
/// WebDriver would skew the figure it measures: every element it hands out
/// stays referenced by chromedriver (tens of KB of JS heap per lookup), so
/// the round finds and clicks its controls itself and returns nothing.
const ROUND: &str = r#"
const [rewind, done] = arguments;
const painted = () => {
  const mark = performance.getEntriesByName('portal-admin:rows-painted').pop();
  return mark ? mark.startTime : -1;
};
const toRows = async (control) => {
  const before = performance.now();
  control.click();
  await until('rows', () => painted() > before && !document.querySelector('[aria-busy="true"]'));
};
(async () => {
  await toRows(named('button', 'Next page'));
  document.querySelector('table.users tbody th a').click();
  await until('the user', () => named('button', 'Copy ID'));
  await toRows(named('a', '← Back to users'));
  named('button', 'New user').click();
  // The console's dialogs are native modal <dialog>s (their role implicit).
  await until('the dialog', () => document.querySelector('dialog[open]'));
  // A click while the dialog is still rendering can be lost: press again.
  await until('the dialog to close', () => {
    const cancel = named('button', 'Cancel');
    if (cancel) cancel.click();
    return !document.querySelector('dialog[open]');
  });
  if (rewind) await toRows(named('button', 'Previous page'));
  done(null);
})().catch((error) => done(String(error)));
"#;

/// Opens the dialog behind the button named `arguments[0]` twice, closing
/// it with Cancel in between, once the prefetch has brought every chunk
/// the list names (`arguments[1]`, chunk names); calls back with the
/// milliseconds from each click to the dialog painted.
const LAZY_OPENS: &str = r#"
const [button, chunks, done] = arguments;
const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
const fetched = (chunk) => performance.getEntriesByType('resource')
  .some((e) => new URL(e.name).pathname.startsWith(`/${chunk}-`) && e.responseEnd > 0);
const open = async () => {
  const start = performance.now();
  named('button', button).click();
  await until('the dialog', () => document.querySelector('dialog[open]'));
  await painted();
  const took = performance.now() - start;
  named('button', 'Cancel').click();
  await until('the dialog to close', () => !document.querySelector('dialog[open]'));
  await painted();
  return took;
};
(async () => {
  await until('the prefetch', () => chunks.every(fetched));
  // The fetched chunks are compiled and linked once the browser is idle.
  await new Promise((resolve) => requestIdleCallback(resolve));
  await painted();
  const first = await open();
  const second = await open();
  done([first, second]);
})().catch((error) => done(String(error)));
"#;

/// The milliseconds from a click on `button` to its dialog painted, the
/// first time and the second, on a page whose prefetch of `chunks` is
/// done or under way.
pub async fn lazy_opens(browser: &Browser, button: &str, chunks: &[&str]) -> Result<(f64, f64)> {
    let opens = browser
        .client
        .execute_async(
            &format!("{CONTROLS}{LAZY_OPENS}"),
            vec![json!(button), json!(chunks)],
        )
        .await?;
    match opens.as_array().map(Vec::as_slice) {
        Some([first, second]) => Ok((number(first)?, number(second)?)),
        _ => bail!("opening {button} failed: {opens}"),
    }
}

/// The Chromium flags the memory figures need.
pub const MEMORY_FLAGS: [&str; 2] = ["--enable-precise-memory-info", "--js-flags=--expose-gc"];

/// Turns the tab's HTTP cache off (cold loads) or on (warm loads).
pub async fn set_cache_disabled(browser: &Browser, disabled: bool) -> Result<()> {
    cdp::execute(
        &browser.client,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": disabled }),
    )
    .await?;
    Ok(())
}

/// Runs `script` on the origin `base`, to store a session as the app's
/// sign-in would. It runs on a page of that origin that is not the app
/// (the emulator's request log): an app started without a session may
/// sign out once it has checked, and so remove the session just stored.
pub async fn sign_in(browser: &Browser, base: &str, script: &str) -> Result<()> {
    browser
        .client
        .goto(&format!("{base}/_emulator/requests"))
        .await?;
    browser.client.execute(script, vec![]).await?;
    Ok(())
}

/// Navigates to `url` (from `about:blank`, so that every load is a whole
/// new document, also of a URL that differs only in its fragment) and waits
/// for the rows `expect` describes painted.
pub async fn load(browser: &Browser, url: &str, expect: &Expect) -> Result<Painted> {
    browser.client.goto("about:blank").await?;
    let added = cdp::execute(
        &browser.client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": watcher(expect) }),
    )
    .await?;
    browser.client.goto(url).await?;
    let painted = browser
        .client
        .execute_async(&format!("{TRANSFERRED}{FIRST_ROWS}"), vec![])
        .await;
    cdp::execute(
        &browser.client,
        "Page.removeScriptToEvaluateOnNewDocument",
        json!({ "identifier": added["identifier"] }),
    )
    .await?;
    let painted = match painted {
        Ok(painted) => painted,
        Err(e) => bail!(
            "waiting for the rows of {url}: {e}\n{}",
            what_shows(browser).await
        ),
    };
    Ok(Painted {
        at: number(&painted["at"])?,
        bytes: painted["bytes"].as_u64().context("bytes")?,
        list_request: serde_json::from_value(painted["list_request"].clone())?,
        fetched: serde_json::from_value(painted["fetched"].clone())?,
        start_up: start_up(&painted["start_up"])?,
    })
}

/// The console's start-up figures, when the page had them.
fn start_up(figures: &Value) -> Result<Option<StartUp>> {
    if figures.is_null() {
        return Ok(None);
    }
    Ok(Some(StartUp {
        document: number(&figures["document"])?,
        wasm: number(&figures["wasm"])?,
        started: number(&figures["started"])?,
    }))
}

/// Clicks the button named `button` and waits for the rows `expect`
/// describes painted; `at` is the time since the click.
pub async fn click_to(browser: &Browser, button: &str, expect: &Expect) -> Result<Painted> {
    let args = vec![
        json!(button),
        json!(expect.rows),
        json!(expect.first),
        json!(expect.last),
    ];
    let painted = browser
        .client
        .execute_async(&format!("{TRANSFERRED}{NEXT}"), args)
        .await
        .with_context(|| format!("clicking {button}"))?;
    Ok(Painted {
        at: number(&painted["at"])?,
        bytes: painted["bytes"].as_u64().context("bytes")?,
        list_request: None,
        fetched: Vec::new(),
        start_up: None,
    })
}

/// The address, the table's first rows and the page's text, to say why
/// the rows awaited never came.
async fn what_shows(browser: &Browser) -> String {
    let shown = browser
        .client
        .execute(
            "return { url: location.href, \
                      rows: [...document.querySelectorAll('table tbody tr')].slice(0, 2).map((r) => r.textContent), \
                      text: document.body.innerText.slice(0, 2000) };",
            vec![],
        )
        .await;
    match shown {
        Ok(shown) => format!("the page shows: {shown:#}"),
        Err(e) => format!("the page cannot be read: {e}"),
    }
}

/// The browser's floor for the table on screen (see [`FLOOR`]), in ms.
pub async fn floor(browser: &Browser) -> Result<f64> {
    let time = browser.client.execute_async(FLOOR, vec![]).await?;
    number(&time)
}

pub async fn memory(browser: &Browser) -> Result<Memory> {
    let sample = browser.client.execute(MEMORY, vec![]).await?;
    let field = |name: &str| {
        sample[name]
            .as_u64()
            .with_context(|| format!("memory {name}: {sample}"))
    };
    Ok(Memory {
        wasm: field("wasm")?,
        heap: field("heap")?,
        nodes: field("nodes")?,
    })
}

/// Runs one memory round (see [`ROUND`]).
pub async fn round(browser: &Browser, rewind: bool) -> Result<()> {
    match browser
        .client
        .execute_async(&format!("{CONTROLS}{ROUND}"), vec![json!(rewind)])
        .await?
    {
        Value::Null => Ok(()),
        failure => bail!("a memory round failed: {failure}"),
    }
}

fn number(value: &Value) -> Result<f64> {
    value
        .as_f64()
        .with_context(|| format!("expected a number, got {value}"))
}

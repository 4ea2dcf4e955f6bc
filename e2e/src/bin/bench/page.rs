//! What the benchmark does in the page: sign in, open a URL cold, click and
//! wait for the console's rows-painted mark, read resource and memory figures.
//! Times are taken inside the page (`performance`), never across WebDriver.

use anyhow::{bail, Context, Result};
use e2e::{cdp, Browser};
use fantoccini::elements::Element;
use serde_json::{json, Value};

/// The session the emulator accepts, in the form the console stores it.
const SIGN_IN: &str = "sessionStorage.setItem('portal-admin.session', \
    JSON.stringify({ base_url: '', portal_id: 'demo', key: 'sk:demo' }));";

/// Remembers when the last click reached the page, before the console's own
/// handlers run (capture phase), so a click's latency starts at the input.
const LISTEN_FOR_CLICKS: &str = "document.addEventListener('click', \
    () => { window.benchClickAt = performance.now(); }, true);";

/// Calls back with the `startTime` of the first rows-painted mark after
/// `arguments[0]` ms, then clears the marks so they never pile up.
const WAIT_FOR_PAINTED: &str = r#"
const [after, done] = arguments;
const name = 'portal-admin:rows-painted';
const take = () => {
  const hit = performance.getEntriesByName(name).find((e) => e.startTime > after);
  if (!hit) return false;
  performance.clearMarks(name);
  done(hit.startTime);
  return true;
};
if (!take()) {
  const observer = new PerformanceObserver(() => { if (take()) observer.disconnect(); });
  observer.observe({ type: 'mark' });
}
"#;

/// Every resource the page fetched so far: URL, bytes over the wire, end time.
const RESOURCES: &str = "return performance.getEntriesByType('resource').map(\
    (e) => ({ url: e.name, transfer: e.transferSize, end: e.responseEnd }));";

/// Memory after two full collections: the wasm linear memory (through the
/// glue Trunk exposes as `window.wasmBindings`; `initSync` returns the
/// running instance's exports), the JS heap and the element count.
const MEMORY: &str = "window.gc(); window.gc(); \
    performance.clearResourceTimings(); \
    return { wasm: window.wasmBindings.initSync().memory.buffer.byteLength, \
             heap: performance.memory.usedJSHeapSize, \
             nodes: document.getElementsByTagName('*').length };";

/// One memory round, driven inside the page: Next, open the first user and
/// go back, open New user and cancel it, and with `arguments[0]` Previous.
/// WebDriver would skew the figure it measures: every element it hands out
/// stays referenced by chromedriver (tens of KB of JS heap per lookup), so
/// the round finds and clicks its controls itself and returns nothing.
const ROUND: &str = r#"
const [rewind, done] = arguments;
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
  await until('the dialog', () => document.querySelector('[role=dialog]'));
  // A click while the dialog is still rendering can be lost: press again.
  await until('the dialog to close', () => {
    const cancel = named('button', 'Cancel');
    if (cancel) cancel.click();
    return !document.querySelector('[role=dialog]');
  });
  if (rewind) await toRows(named('button', 'Previous page'));
  done(null);
})().catch((error) => done(String(error)));
"#;

/// The Chromium flags the memory figures need.
pub const MEMORY_FLAGS: [&str; 2] = ["--enable-precise-memory-info", "--js-flags=--expose-gc"];

/// One fetched resource.
pub struct Resource {
    pub url: String,
    /// Bytes over the wire with headers; 0 when it came from the cache.
    pub transfer: u64,
    /// When its last byte arrived, in ms since navigation start.
    pub end: f64,
}

/// Memory figures at one moment.
pub struct Memory {
    pub wasm: u64,
    pub heap: u64,
    pub nodes: u64,
}

/// Turns the HTTP cache off for the tab, so every load is a cold load.
pub async fn disable_cache(browser: &Browser) -> Result<()> {
    cdp::execute(&browser.client, "Network.enable", json!({})).await?;
    cdp::execute(
        &browser.client,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await?;
    Ok(())
}

/// Stores a connected session for the emulator at `base`, as Connect would.
pub async fn sign_in(browser: &Browser, base: &str) -> Result<()> {
    browser.client.goto(&format!("{base}/connect")).await?;
    browser.client.execute(SIGN_IN, vec![]).await?;
    Ok(())
}

/// Navigates to `url` and returns when its first rows were painted, in ms
/// since navigation start.
pub async fn load_rows(browser: &Browser, url: &str) -> Result<f64> {
    browser.client.goto(url).await?;
    browser.client.execute(LISTEN_FOR_CLICKS, vec![]).await?;
    painted_after(browser, 0.0).await
}

/// Clicks `element` and returns (click time, rows-painted time) in page ms.
pub async fn click_until_painted(browser: &Browser, element: Element) -> Result<(f64, f64)> {
    element.click().await?;
    let clicked = number(
        browser
            .client
            .execute("return window.benchClickAt;", vec![])
            .await?,
    )?;
    Ok((clicked, painted_after(browser, clicked).await?))
}

/// The `startTime` of the first rows-painted mark after `after` ms.
async fn painted_after(browser: &Browser, after: f64) -> Result<f64> {
    let time = browser
        .client
        .execute_async(WAIT_FOR_PAINTED, vec![json!(after)])
        .await
        .context("waiting for the rows-painted mark")?;
    number(time)
}

pub async fn resources(browser: &Browser) -> Result<Vec<Resource>> {
    let list = browser.client.execute(RESOURCES, vec![]).await?;
    let Value::Array(items) = list else {
        bail!("resource timing: {list}")
    };
    items
        .iter()
        .map(|item| {
            Ok(Resource {
                url: item["url"].as_str().context("resource url")?.to_string(),
                transfer: item["transfer"].as_u64().context("transferSize")?,
                end: number(item["end"].clone())?,
            })
        })
        .collect()
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
    match browser.client.execute_async(ROUND, vec![json!(rewind)]).await? {
        Value::Null => Ok(()),
        failure => bail!("a memory round failed: {failure}"),
    }
}

/// The number of elements `css` matches now.
pub async fn count(browser: &Browser, css: &str) -> Result<u64> {
    let n = browser
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length;",
            vec![json!(css)],
        )
        .await?;
    n.as_u64().with_context(|| format!("count of {css}: {n}"))
}

fn number(value: Value) -> Result<f64> {
    value
        .as_f64()
        .with_context(|| format!("expected a number, got {value}"))
}

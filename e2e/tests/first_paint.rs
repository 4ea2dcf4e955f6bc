//! The frame `index.html` paints before the wasm has arrived: for a
//! signed-in visit to the list, the header and the list's skeleton, where
//! the console then draws its own, so nothing moves when it mounts; for a
//! signed-out visit, the header alone.

use anyhow::{ensure, Result};
use e2e::{cdp, Browser, Emulator};
use serde_json::{json, Value};

/// The boxes of the parts the frame draws, in the frame (`#frame`) or in
/// the console (`#main` and its header): `[name, top, left, width, height]`
/// of each, or null for a part not shown. `arguments[0]` says which.
const BOXES: &str = "
const inFrame = arguments[0];
const root = inFrame ? document.getElementById('frame') : document.body;
const scope = inFrame ? root : document.getElementById('main');
const parts = {
  header: root && root.querySelector('header.app-header'),
  heading: scope && scope.querySelector('h1'),
  toolbar: scope && scope.querySelector('.toolbar'),
  table: scope && scope.querySelector('table.users'),
};
return Object.entries(parts).map(([name, el]) => {
  if (!el || el.getClientRects().length === 0) return [name, null];
  const r = el.getBoundingClientRect();
  return [name, [r.top, r.left, r.width, r.height]];
});
";

/// The laptop and the phone the boxes are compared on (width, height).
const SIZES: [(u32, u32, bool); 2] = [(1280, 800, false), (390, 844, true)];

/// The boxes at each of [`SIZES`].
async fn boxes(browser: &Browser, in_frame: bool) -> Result<Vec<Value>> {
    let mut all = Vec::new();
    for (width, height, mobile) in SIZES {
        let metrics =
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
        cdp::execute(
            &browser.client,
            "Emulation.setDeviceMetricsOverride",
            metrics,
        )
        .await?;
        all.push(browser.client.execute(BOXES, vec![json!(in_frame)]).await?);
    }
    cdp::execute(
        &browser.client,
        "Emulation.clearDeviceMetricsOverride",
        json!({}),
    )
    .await?;
    Ok(all)
}

/// Makes the console's wasm unreachable (`true`), so the frame stays, or
/// reachable again; the cache is off, so a reload fetches it.
async fn block_wasm(browser: &Browser, blocked: bool) -> Result<()> {
    cdp::execute(&browser.client, "Network.enable", json!({})).await?;
    cdp::execute(
        &browser.client,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await?;
    let urls = if blocked {
        json!(["*_bg.wasm"])
    } else {
        json!([])
    };
    cdp::execute(
        &browser.client,
        "Network.setBlockedURLs",
        json!({ "urls": urls }),
    )
    .await?;
    Ok(())
}

/// Signed in, the list's frame and the console's loading list have their
/// header, heading, toolbar and table in the same places on a laptop and a
/// phone, and the frame is gone once the console is there.
#[tokio::test]
async fn the_list_frame_is_where_the_console_draws_the_list() -> Result<()> {
    // Slow answers keep the console's own skeleton on screen to measure.
    let emulator = Emulator::start(&["--users", "30", "--latency-ms", "2500"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;

    block_wasm(&browser, true).await?;
    browser.client.refresh().await?;
    browser
        .wait_until("the frame", "document.getElementById('frame')")
        .await?;
    let framed = boxes(&browser, true).await?;
    browser.screenshot("first-paint", "list-frame").await?;

    block_wasm(&browser, false).await?;
    browser.client.refresh().await?;
    browser
        .wait_until(
            "the console's loading list",
            "!document.getElementById('frame') && document.querySelector('#main table.skeleton')",
        )
        .await?;
    let drawn = boxes(&browser, false).await?;
    for ((width, _, _), (framed, drawn)) in SIZES.iter().zip(framed.iter().zip(&drawn)) {
        let (framed, drawn) = (framed.as_array(), drawn.as_array());
        let (Some(framed), Some(drawn)) = (framed, drawn) else {
            anyhow::bail!("no boxes measured");
        };
        for (frame_part, console_part) in framed.iter().zip(drawn) {
            let name = &frame_part[0];
            let (a, b) = (&frame_part[1], &console_part[1]);
            ensure!(
                !a.is_null() && !b.is_null(),
                "{name} missing at {width} px: frame {a}, console {b}"
            );
            for (index, what) in ["top", "left", "width", "height"].iter().enumerate() {
                let (x, y) = (
                    a[index].as_f64().unwrap_or(f64::NAN),
                    b[index].as_f64().unwrap_or(f64::NAN),
                );
                ensure!(
                    (x - y).abs() <= 1.0,
                    "the {name}'s {what} moves at {width} px: {x} in the frame, {y} in the console"
                );
            }
        }
    }
    browser.settled_rows().await?;
    Ok(())
}

/// Signed out, the frame of `/connect` is the header alone: no list, no
/// session.
#[tokio::test]
async fn a_signed_out_visit_frames_no_list() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    block_wasm(&browser, true).await?;
    browser
        .client
        .goto(&format!("{}/connect", emulator.url))
        .await?;
    browser
        .wait_until("the frame", "document.getElementById('frame')")
        .await?;
    let framed = boxes(&browser, true).await?;
    for sized in &framed {
        let parts: Vec<(String, Value)> = serde_json::from_value(sized.clone())?;
        for (name, shown) in parts {
            ensure!(
                (name == "header") != shown.is_null(),
                "signed out, the frame shows {name}: {shown}"
            );
        }
    }
    let session_shown = browser
        .eval("return getComputedStyle(document.querySelector('#frame .frame-session')).display !== 'none';")
        .await?;
    ensure!(
        session_shown == Value::Bool(false),
        "signed out, the frame shows a session"
    );
    browser.screenshot("first-paint", "connect-frame").await?;
    Ok(())
}

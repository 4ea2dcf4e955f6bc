//! PNG screenshots of each screen, in the light and the dark theme, on a
//! laptop and on a phone, named `<journey>-<screen>-<theme>-<size>.png`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use serde_json::json;

use crate::{cdp, Browser};

/// (name, width, height, is a phone).
const VIEWPORTS: [(&str, u32, u32, bool); 2] =
    [("1280x800", 1280, 800, false), ("390x844", 390, 844, true)];
const THEMES: [&str; 2] = ["light", "dark"];

/// Where the screenshots go: `$E2E_SCREENSHOTS`, or `target/e2e-screenshots`.
fn folder() -> PathBuf {
    std::env::var_os("E2E_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
        })
}

impl Browser {
    /// Saves the screen as it is now in both themes at both sizes, then
    /// puts the browser back to light at 1280×800.
    pub async fn screenshot(&self, journey: &str, screen: &str) -> Result<()> {
        let folder = folder();
        std::fs::create_dir_all(&folder)?;
        for theme in THEMES {
            let features = json!([{ "name": "prefers-color-scheme", "value": theme }]);
            cdp::execute(
                &self.client,
                "Emulation.setEmulatedMedia",
                json!({ "features": features }),
            )
            .await?;
            for (size, width, height, mobile) in VIEWPORTS {
                let metrics = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile });
                cdp::execute(&self.client, "Emulation.setDeviceMetricsOverride", metrics).await?;
                // Let the new layout and theme paint before the capture.
                tokio::time::sleep(Duration::from_millis(100)).await;
                let path = folder.join(format!("{journey}-{screen}-{theme}-{size}.png"));
                std::fs::write(&path, self.client.screenshot().await?)?;
                println!("screenshot: {}", path.display());
            }
        }
        cdp::execute(
            &self.client,
            "Emulation.clearDeviceMetricsOverride",
            json!({}),
        )
        .await?;
        cdp::execute(
            &self.client,
            "Emulation.setEmulatedMedia",
            json!({ "features": [] }),
        )
        .await?;
        Ok(())
    }
}

//! The networks (and CPUs) an administrator meets, emulated through the
//! Chrome DevTools Protocol for the whole tab.

use anyhow::Result;
use e2e::{cdp, Browser};
use serde_json::json;

/// One network and CPU to measure on.
pub struct Profile {
    pub name: &'static str,
    /// Added to every request: DevTools' `latency`, taken as the round trip.
    pub rtt_ms: u32,
    /// Throughput in bits per second, down and up; `None`: not throttled.
    pub throughput: Option<(u32, u32)>,
    /// How many times slower the page's CPU runs.
    pub cpu_slowdown: u32,
}

impl Profile {
    /// How the report describes it.
    pub fn describe(&self) -> String {
        let mbps = |bps: u32| f64::from(bps) / 1e6;
        let mut text = match self.throughput {
            None => "not throttled".to_string(),
            Some((down, up)) if down == up => {
                format!("{} Mbps, {} ms RTT", mbps(down), self.rtt_ms)
            }
            Some((down, up)) => format!(
                "{} Mbps down, {} up, {} ms RTT",
                mbps(down),
                mbps(up),
                self.rtt_ms
            ),
        };
        if self.cpu_slowdown > 1 {
            text.push_str(&format!(", CPU slowed {}×", self.cpu_slowdown));
        }
        text
    }
}

/// Loopback, a desktop on a 10 Mbps line, a phone on a slow mobile network.
pub static PROFILES: [Profile; 3] = [
    Profile {
        name: "loopback",
        rtt_ms: 0,
        throughput: None,
        cpu_slowdown: 1,
    },
    Profile {
        name: "desktop",
        rtt_ms: 40,
        throughput: Some((10_000_000, 10_000_000)),
        cpu_slowdown: 1,
    },
    Profile {
        name: "mobile",
        rtt_ms: 150,
        throughput: Some((1_600_000, 750_000)),
        cpu_slowdown: 4,
    },
];

/// Emulates `profile` in the tab until another is applied.
pub async fn apply(browser: &Browser, profile: &Profile) -> Result<()> {
    // DevTools takes bytes per second; -1 turns throttling off.
    let bytes = |bps: u32| f64::from(bps) / 8.0;
    let (down, up) = profile
        .throughput
        .map_or((-1.0, -1.0), |(down, up)| (bytes(down), bytes(up)));
    cdp::execute(
        &browser.client,
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": profile.rtt_ms,
            "downloadThroughput": down,
            "uploadThroughput": up,
        }),
    )
    .await?;
    cdp::execute(
        &browser.client,
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": profile.cpu_slowdown }),
    )
    .await?;
    Ok(())
}

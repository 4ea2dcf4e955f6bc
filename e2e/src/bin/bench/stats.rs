//! Summaries of repeated measurements: the centre and the spread.

/// Milliseconds measured `runs` times.
pub struct Summary {
    pub runs: usize,
    pub median: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    /// Summarises `samples` (at least one).
    pub fn of(samples: &[f64]) -> Summary {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        // Nearest rank: the smallest sample at or above 95 % of the runs.
        let p95 = sorted[(n * 95).div_ceil(100) - 1];
        Summary {
            runs: n,
            median,
            p95,
            min: sorted[0],
            max: sorted[n - 1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn median_and_nearest_rank_p95() {
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        let s = Summary::of(&twenty);
        assert_eq!(
            (s.runs, s.median, s.p95, s.min, s.max),
            (20, 10.5, 19.0, 1.0, 20.0)
        );
        let odd = Summary::of(&[3.0, 1.0, 2.0]);
        assert_eq!((odd.median, odd.p95), (2.0, 3.0));
    }
}

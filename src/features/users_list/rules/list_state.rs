//! The users list's bookkeeping beside [`Pager`]: which load is on screen,
//! whether a newer one is running, and the queue of **Next page** clicks.
//! Pure state, no browser, so the rules have native tests; the page wires
//! them to signals.

use crate::features::users_list::rules::pagination::Pager;

/// One load of the list: the position asked for, which reload of it this
/// was, and what came back (`None`: superseded by a newer load and aborted,
/// or not fetched at all).
#[derive(Clone, Debug, PartialEq)]
pub struct Load<R> {
    /// The position the load fetched.
    pub position: Pager,
    /// How many times the list had been reloaded when it started.
    pub reload: u32,
    /// The answer, if the load completed.
    pub result: Option<R>,
}

impl<R> Load<R> {
    /// Whether the load came back with an answer (or an error) to show.
    pub fn completed(&self) -> bool {
        self.result.is_some()
    }

    /// Whether this is the load of `position` at `reload`: when the shown
    /// load is not, a newer one is running and the list is busy.
    pub fn is_for(&self, position: &Pager, reload: u32) -> bool {
        self.position == *position && self.reload == reload
    }
}

/// Whether the list is busy: nothing shown yet, or what is shown is not the
/// load of the current position and reload.
pub fn busy<R>(shown: Option<&Load<R>>, position: &Pager, reload: u32) -> bool {
    !shown.is_some_and(|load| load.is_for(position, reload))
}

/// **Next page** clicks, queued: each is carried out as soon as the page
/// before it has loaded and given its cursor, so quick clicks are never
/// lost (five quick clicks from page 1 land on page 6).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NextQueue {
    queued: u32,
    /// Where the last queued step went, until the router shows it.
    heading_to: Option<Pager>,
}

/// What the list does next about queued clicks.
#[derive(Clone, Debug, PartialEq)]
pub enum NextStep {
    /// Nothing now: no click queued, or the page in view is not loaded yet.
    Wait,
    /// Go to this page.
    Go(Pager),
    /// The last page is in view: the clicks left are dropped.
    End,
}

impl NextQueue {
    /// One more click on **Next page**.
    pub fn click(&mut self) {
        self.queued += 1;
    }

    /// Clicks not carried out yet.
    pub fn queued(&self) -> u32 {
        self.queued
    }

    /// What to do, at `current` (the position in the URL), given the `next`
    /// cursor of the page loaded there: `None` while that page is still
    /// loading (or failed), `Some(None)` at the last page.
    pub fn decide(&self, current: &Pager, next: Option<Option<&str>>) -> NextStep {
        let arrived = self.heading_to.as_ref().is_none_or(|to| to == current);
        match next {
            _ if self.queued == 0 || !arrived => NextStep::Wait,
            None => NextStep::Wait,
            Some(Some(cursor)) => NextStep::Go(current.next(cursor)),
            Some(None) => NextStep::End,
        }
    }

    /// Records that the list went to `to` for one queued click.
    pub fn went(&mut self, to: Pager) {
        self.queued = self.queued.saturating_sub(1);
        self.heading_to = Some(to);
    }

    /// Drops the clicks left (the last page is in view).
    pub fn stop(&mut self) {
        self.queued = 0;
    }

    /// Forgets every click: the administrator jumped elsewhere (First,
    /// Previous, another page size).
    pub fn clear(&mut self) {
        *self = NextQueue::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_busy_until_the_load_of_the_position_shows() {
        let first = Pager::first(25);
        let second = first.next("c1");
        let shown = Load {
            position: first.clone(),
            reload: 0,
            result: Some(()),
        };
        assert!(busy::<()>(None, &first, 0));
        assert!(!busy(Some(&shown), &first, 0));
        assert!(
            busy(Some(&shown), &second, 0),
            "a newer position is loading"
        );
        assert!(busy(Some(&shown), &first, 1), "a reload is running");
        assert!(shown.completed());
        assert!(!Load::<()> {
            position: first,
            reload: 0,
            result: None
        }
        .completed());
    }

    /// Drives the queue as the page does: the router shows the position
    /// one step after it is asked for, and each page loads a step later.
    #[test]
    fn five_quick_clicks_land_on_page_six() {
        let mut queue = NextQueue::default();
        for _ in 0..5 {
            queue.click();
        }
        let mut current = Pager::first(25);
        let mut loaded = false;
        for _ in 0..30 {
            let next_cursor = format!("c{}", current.page());
            let next = loaded.then_some(Some(next_cursor.as_str()));
            match queue.decide(&current, next) {
                NextStep::Go(to) => {
                    queue.went(to.clone());
                    // The router shows it; its page starts loading.
                    current = to;
                    loaded = false;
                }
                NextStep::Wait => loaded = true,
                NextStep::End => unreachable!("no last page here"),
            }
        }
        assert_eq!(current.page(), 6);
        assert_eq!(queue.queued(), 0);
    }

    #[test]
    fn waits_while_the_page_loads_or_the_router_has_not_moved() {
        let mut queue = NextQueue::default();
        let first = Pager::first(10);
        assert_eq!(
            queue.decide(&first, Some(Some("a"))),
            NextStep::Wait,
            "no click"
        );
        queue.click();
        queue.click();
        assert_eq!(queue.decide(&first, None), NextStep::Wait, "still loading");
        let NextStep::Go(second) = queue.decide(&first, Some(Some("a"))) else {
            panic!("a loaded page with a cursor goes on")
        };
        assert_eq!(second, first.next("a"));
        queue.went(second.clone());
        assert_eq!(
            queue.decide(&first, Some(Some("a"))),
            NextStep::Wait,
            "the router still shows page 1"
        );
        assert_eq!(
            queue.decide(&second, Some(Some("b"))),
            NextStep::Go(second.next("b"))
        );
    }

    #[test]
    fn the_last_page_drops_the_clicks_left_and_a_jump_forgets_them() {
        let mut queue = NextQueue::default();
        let first = Pager::first(10);
        queue.click();
        queue.click();
        assert_eq!(queue.decide(&first, Some(None)), NextStep::End);
        queue.stop();
        assert_eq!(queue.queued(), 0);
        assert_eq!(queue.decide(&first, Some(Some("a"))), NextStep::Wait);

        queue.click();
        queue.went(first.next("a"));
        queue.click();
        queue.clear();
        assert_eq!(queue, NextQueue::default());
    }
}

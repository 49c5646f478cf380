//! What the app starts from: the URL, then the autosave, then an example.

use super::{storage, url};
use crate::ui::share::{decode_fragment, option_on, split_fragment, Fragment, Saved};
use crate::ui::state::{Boot, ThemePref};

/// Read the URL and storage once, at start.
pub fn read_boot() -> Boot {
    let hash = url::hash();
    let mut boot = Boot::default();
    let query_embed = url::query_param("embed").is_some_and(|v| v != "0" && v != "false");
    boot.example = url::query_param("example").filter(|s| !s.is_empty());
    let (link, options) = match decode_fragment(&hash) {
        Ok(Fragment::State(saved, opts)) => (Some(Ok(*saved)), opts),
        Ok(Fragment::Empty(opts)) => (None, opts),
        Err(e) => (Some(Err(e.0)), split_fragment(&hash).1),
    };
    boot.embed = query_embed || option_on(&options, "embed");
    boot.link_options = options;
    boot.link = link;
    boot.theme = storage::get(storage::THEME_KEY).map_or(ThemePref::System, |t| ThemePref::parse(&t));
    if !boot.embed {
        if let Some(text) = storage::get(storage::STATE_KEY) {
            match Saved::from_json(&text) {
                Ok(saved) => boot.autosave = Some(saved),
                Err(e) => {
                    // keep it somewhere rather than overwrite it with the next autosave
                    let _ = storage::set(storage::UNREADABLE_KEY, &text);
                    boot.storage_error = Some(format!(
                        "Your autosaved work could not be read ({e}); a copy was kept in localStorage under `{}`.",
                        storage::UNREADABLE_KEY
                    ));
                }
            }
        }
        boot.previous = storage::get(storage::PREVIOUS_KEY).and_then(|t| Saved::from_json(&t).ok());
    }
    // the compact view for iframes has no lesson panel
    boot.lesson = if boot.embed { None } else { super::lessons::query_lesson() };
    boot.lessons_done = if boot.embed { Vec::new() } else { super::lessons::read_lessons_done() };
    if boot.lesson.is_some() {
        // `?lesson=N` is the lesson's own link: it never carries a state
        boot.link = None;
    }
    if matches!(boot.link, Some(Ok(_))) {
        // a state in the fragment beats `?example=`
        boot.example = None;
        // a reload of this tab: its URL may lag the autosave by one throttle interval
        if boot.autosave.is_some() && storage::is_own_reload(hash.trim_start_matches('#')) {
            boot.link = None;
        }
    }
    boot
}

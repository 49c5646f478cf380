//! Every piece of browser IO the app does lives here: the URL (fragment and query),
//! `localStorage`, timers, the clipboard, `matchMedia`, and the textarea editing calls.

pub mod analysis;
pub mod boot;
pub mod clipboard;
pub mod lessons;
pub mod listener;
pub mod select;
pub mod storage;
pub mod textarea;
pub mod theme;
pub mod title;
pub mod url;

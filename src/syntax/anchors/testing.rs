//! What the tests of the parts share: pulldown's headings of a snippet, and the IDs Hugo gives
//! them.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{AutoIdType, HUGO_TYPOGRAPHER, IdFactory, plain_text, read_heading};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every heading of `md`: (range, inner events with ranges).
pub(super) type Heading<'a> = (Range<usize>, Vec<(Event<'a>, Range<usize>)>);

pub(super) fn headings(md: &str) -> Vec<Heading<'_>> {
    let mut out = Vec::new();
    let mut open = None;
    for (e, r) in Parser::new_ext(md, options()).into_offset_iter() {
        match e {
            Event::Start(Tag::Heading { .. }) => open = Some((r, Vec::new())),
            Event::End(TagEnd::Heading(_)) => out.extend(open.take()),
            e => {
                if let Some((_, events)) = open.as_mut() {
                    events.push((e, r));
                }
            }
        }
    }
    out
}

/// The IDs Hugo gives the headings of `md` (`github` unless said), from the source.
pub(super) fn ids_with(md: &str, ty: AutoIdType) -> Vec<Option<String>> {
    let mut ids = IdFactory::new(ty);
    headings(md)
        .into_iter()
        .map(|(r, events)| {
            let h = read_heading(md, r, &events, Some(&HUGO_TYPOGRAPHER), true);
            match h.explicit_id {
                Some(id) => {
                    ids.put(&id);
                    Some(id)
                }
                None => ids.generate(&h.text).map(|(id, _)| id),
            }
        })
        .collect()
}

/// The ID of the one heading in `md`, checked to be the same from the events alone.
pub(super) fn id(md: &str) -> Option<String> {
    let from_source = ids_with(md, AutoIdType::Github);
    assert_eq!(from_source.len(), 1, "{md:?} is not one heading");
    let (_, events) = headings(md).remove(0);
    let events: Vec<Event<'_>> = events.into_iter().map(|(e, _)| e).collect();
    let from_events = IdFactory::new(AutoIdType::Github)
        .generate(&plain_text(&events, Some(&HUGO_TYPOGRAPHER)))
        .map(|(id, _)| id);
    assert_eq!(from_source[0], from_events, "{md:?}: source vs events");
    from_source.into_iter().next().flatten()
}

pub(super) fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

//! The web pages of a meeting: the agenda page and one page per item, public and private.
//! The templates produce each page whole; this module decides which pages exist and where.

use crate::render::prepared::{OutputFile, Prepared, PreparedItem};
use crate::render::templates::{Audience, Target};
use anyhow::Result;

/// Every web page of the meeting: `index.html` and `items/<stem>.html` in the public tree, and
/// for exempt business the same names in the private tree.
pub fn pages(prepared: &Prepared) -> Result<Vec<OutputFile>> {
    let style = &prepared.style;
    let mut files = vec![OutputFile::public(
        "index.html",
        style
            .meeting_page(&prepared.meeting, Audience::Public, Target::Html)?
            .into_bytes(),
    )];
    for item in &prepared.items {
        files.extend(item_pages(prepared, item)?);
    }
    if prepared.has_exempt() {
        files.push(OutputFile::private(
            "index.html",
            style
                .meeting_page(&prepared.meeting, Audience::Private, Target::Html)?
                .into_bytes(),
        ));
    }
    Ok(files)
}

/// The pages of one item: the report for the public, or a notice in its place and the report in
/// the private tree when it is exempt.
pub fn item_pages(prepared: &Prepared, item: &PreparedItem) -> Result<Vec<OutputFile>> {
    let style = &prepared.style;
    let Some(report) = &item.report else {
        return Ok(Vec::new());
    };
    let path = format!("items/{}.html", item.stem());
    if item.exempt() {
        Ok(vec![
            OutputFile::public(
                &path,
                style
                    .exempt_notice_page(&prepared.meeting, &item.view, Target::Html)?
                    .into_bytes(),
            ),
            OutputFile::private(
                &path,
                style
                    .item_page(
                        &prepared.meeting,
                        &item.view,
                        report,
                        Audience::Private,
                        Target::Html,
                    )?
                    .into_bytes(),
            ),
        ])
    } else {
        Ok(vec![OutputFile::public(
            &path,
            style
                .item_page(
                    &prepared.meeting,
                    &item.view,
                    report,
                    Audience::Public,
                    Target::Html,
                )?
                .into_bytes(),
        )])
    }
}

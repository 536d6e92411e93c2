//! The web pages of a meeting: the agenda page and one page per item, public and private.
//! The templates produce each page whole; this module decides which pages exist and where.

use crate::output::OutputFile;
use crate::pack::{Prepared, PreparedItem};
use crate::templates::{Audience, Target};
use anyhow::Result;
use std::path::Path;

/// Every web page of the meeting under `out_dir`: `index.html`, `items/<stem>.html`, and for
/// exempt business `private/index.html` and `private/items/<stem>.html`.
pub fn pages(prepared: &Prepared, out_dir: &Path) -> Result<Vec<OutputFile>> {
    let style = &prepared.style;
    let mut files = vec![OutputFile {
        path: out_dir.join("index.html"),
        bytes: style
            .meeting_page(&prepared.meeting, Audience::Public, Target::Html)?
            .into_bytes(),
    }];
    for item in &prepared.items {
        files.extend(item_pages(prepared, item, out_dir)?);
    }
    if prepared.has_exempt() {
        files.push(OutputFile {
            path: out_dir.join("private/index.html"),
            bytes: style
                .meeting_page(&prepared.meeting, Audience::Private, Target::Html)?
                .into_bytes(),
        });
    }
    Ok(files)
}

/// The pages of one item: the report for the public, or a notice in its place and the report in
/// `private/` when it is exempt.
pub fn item_pages(
    prepared: &Prepared,
    item: &PreparedItem,
    out_dir: &Path,
) -> Result<Vec<OutputFile>> {
    let style = &prepared.style;
    let Some(report) = &item.report else {
        return Ok(Vec::new());
    };
    let name = format!("{}.html", item.stem());
    if item.exempt() {
        Ok(vec![
            OutputFile {
                path: out_dir.join("items").join(&name),
                bytes: style
                    .exempt_notice_page(&prepared.meeting, &item.view, Target::Html)?
                    .into_bytes(),
            },
            OutputFile {
                path: out_dir.join("private/items").join(&name),
                bytes: style
                    .item_page(
                        &prepared.meeting,
                        &item.view,
                        report,
                        Audience::Private,
                        Target::Html,
                    )?
                    .into_bytes(),
            },
        ])
    } else {
        Ok(vec![OutputFile {
            path: out_dir.join("items").join(&name),
            bytes: style
                .item_page(
                    &prepared.meeting,
                    &item.view,
                    report,
                    Audience::Public,
                    Target::Html,
                )?
                .into_bytes(),
        }])
    }
}

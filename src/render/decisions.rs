//! The documents after the meeting: the record of decisions (`decisions.html`/`.pdf`) and the
//! draft minutes (`minutes.html`/`.pdf`) of a meeting, public and, with exempt business, private;
//! and a council's forward plan of key decisions (`<council>.html`/`.pdf`). Each comes from the
//! council's templates, and its PDF is laid out from the same markup as its web page.

use crate::layout;
use crate::layout::markup;
use crate::pdf::{self, PdfMeta};
use crate::render::papers::Paper;
use crate::render::prepared::{OutputFile, Prepared, Sink};
use crate::render::templates::{Audience, HouseStyle, Target};
use crate::view::decisions::{ForwardPlanView, RecordView};
use anyhow::{Context, Result};
use chrono::NaiveDate;

/// The two documents of a recorded meeting: the template and file stem (what each is called is
/// the locale's `pdf.documents`).
const DOCUMENTS: [&str; 2] = ["decisions", "minutes"];

/// The web pages of the record of decisions and the minutes; none before decisions are recorded.
pub fn pages(prepared: &Prepared) -> Result<Vec<OutputFile>> {
    render_all(
        prepared,
        |file, record, audience| {
            Ok(prepared
                .style
                .record_page(
                    &format!("{file}.html"),
                    &prepared.meeting,
                    record,
                    audience,
                    Target::Html,
                )?
                .into_bytes())
        },
        "html",
    )
}

/// The tagged PDFs of the record of decisions and the minutes, put into `sink`.
pub fn pdfs(prepared: &Prepared, sink: &dyn Sink) -> Result<Vec<Paper>> {
    let date = prepared
        .loaded
        .decisions
        .as_ref()
        .map_or(prepared.loaded.meeting.date, |d| d.decisions.published);
    let pages = std::cell::RefCell::new(Vec::new());
    let files = render_all(
        prepared,
        |file, record, audience| {
            let html = prepared.style.record_page(
                &format!("{file}.html"),
                &prepared.meeting,
                record,
                audience,
                Target::Pdf,
            )?;
            let title = document_title(prepared, file);
            let meta = PdfMeta {
                title: title.clone(),
                author: prepared.style.settings.config.name.clone(),
                subject: title,
                keywords: (prepared.meeting.words)
                    .record_keywords(&prepared.meeting.committee, file),
                date,
                lang: prepared.meeting.lang.clone(),
            };
            let (bytes, count) =
                pdf_bytes(&html, &meta).with_context(|| format!("writing {file}.pdf"))?;
            pages.borrow_mut().push(count);
            Ok(bytes)
        },
        "pdf",
    )?;
    files
        .into_iter()
        .zip(pages.into_inner())
        .map(|(file, pages)| Paper::put(file, pages, sink))
        .collect()
}

fn document_title(prepared: &Prepared, file: &str) -> String {
    (prepared.meeting.words).record_title(&prepared.meeting.footer, file)
}

/// Each document for the public, and for the members when exempt items were held back.
fn render_all(
    prepared: &Prepared,
    render: impl Fn(&str, &RecordView, Audience) -> Result<Vec<u8>>,
    extension: &str,
) -> Result<Vec<OutputFile>> {
    let Some(record) = &prepared.record else {
        return Ok(Vec::new());
    };
    let mut files = Vec::new();
    for file in DOCUMENTS {
        let path = format!("{file}.{extension}");
        files.push(OutputFile::public(
            &path,
            render(file, &record.public, Audience::Public)?,
        ));
        if record.public.has_withheld {
            files.push(OutputFile::private(
                &path,
                render(file, &record.private, Audience::Private)?,
            ));
        }
    }
    Ok(files)
}

/// A council's forward plan as a web page and a tagged PDF: `<council>.html` and `.pdf`.
pub fn forward_plan_files(
    style: &HouseStyle,
    council: &str,
    plan: &ForwardPlanView,
    date: NaiveDate,
) -> Result<Vec<OutputFile>> {
    let html = style.forward_plan_page(plan, Target::Html)?;
    let title = plan.words.forward_plan_title(&plan.council);
    let meta = PdfMeta {
        title: title.clone(),
        author: plan.council.clone(),
        subject: title,
        keywords: plan.words.forward_plan_keywords(&plan.council),
        date,
        lang: plan.lang.clone(),
    };
    let (pdf, _) = pdf_bytes(&style.forward_plan_page(plan, Target::Pdf)?, &meta)
        .context("writing the forward plan's PDF")?;
    Ok(vec![
        OutputFile::public(format!("{council}.html"), html.into_bytes()),
        OutputFile::public(format!("{council}.pdf"), pdf),
    ])
}

/// The PDF of a template's markup, and its page count.
fn pdf_bytes(html: &str, meta: &PdfMeta) -> Result<(Vec<u8>, usize)> {
    let document = markup::parse_page(html).context("reading the template's markup")?;
    let laid = layout::layout(&document).context("laying out the document")?;
    Ok((pdf::write_pdf(&laid, meta)?, laid.pages.len()))
}

//! Document-level metadata: the catalog entries PDF/UA asks for, the XMP packet and the Info
//! dictionary (kept consistent with the XMP), so nothing random or time-based reaches the file.
//! (The trailer's `/ID`, a fingerprint of the content, is written with the file's bytes.)

use super::text_string;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use lopdf::{Dictionary, Object, Stream};

/// What the document says about itself. `date` is both the creation and modification date and
/// comes from the input (never the clock), so rebuilding gives the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub date: NaiveDate,
    pub lang: String,
}

const PRODUCER: &str = "reportpack";

/// Sets the catalog's language and title display, the XMP metadata (claiming PDF/UA-1 only
/// when the file `conforms`) and the Info dictionary.
pub(super) fn finish_document(
    doc: &mut lopdf::Document,
    meta: &PdfMeta,
    conforms: bool,
) -> Result<()> {
    doc.version = "1.7".into();
    let xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp_packet(meta, conforms).into_bytes(),
    )
    // Left uncompressed so checkers (and people) can read it in place.
    .with_compression(false);
    let xmp_id = doc.add_object(xmp);

    let catalog = doc.catalog_mut().context("the PDF has no catalog")?;
    catalog.set("Lang", text_string(&meta.lang));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    catalog.set("Metadata", Object::Reference(xmp_id));

    let info_id = doc.add_object(info_dictionary(meta));
    doc.trailer.set("Info", Object::Reference(info_id));
    Ok(())
}

fn info_dictionary(meta: &PdfMeta) -> Dictionary {
    let date = Object::string_literal(info_date(meta.date));
    Dictionary::from_iter(vec![
        ("Title", text_string(&meta.title)),
        ("Author", text_string(&meta.author)),
        ("Subject", text_string(&meta.subject)),
        ("Keywords", text_string(&meta.keywords.join(", "))),
        ("Producer", text_string(PRODUCER)),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ])
}

/// Midnight UTC of the given day, as `D:YYYYMMDDHHmmSSZ`.
fn info_date(date: NaiveDate) -> String {
    format!("D:{}000000Z", date.format("%Y%m%d"))
}

/// The same instant as [`info_date`], in XMP's ISO 8601 form.
fn xmp_date(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

fn xmp_packet(meta: &PdfMeta, conforms: bool) -> String {
    let packet = xmp_packet_claiming_ua(meta);
    if conforms {
        return packet;
    }
    // Without the claim: the pdfuaid part and its schema declaration go.
    let start = packet.find("   <pdfuaid:part>").unwrap_or(packet.len());
    let end = packet
        .find("   </pdfaExtension:schemas>\n")
        .map_or(start, |i| i + "   </pdfaExtension:schemas>\n".len());
    format!("{}{}", &packet[..start], &packet[end.max(start)..]).replace(
        "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n",
        "",
    )
}

fn xmp_packet_claiming_ua(meta: &PdfMeta) -> String {
    let title = xml_escape(&meta.title);
    let author = xml_escape(&meta.author);
    let subject = xml_escape(&meta.subject);
    let keywords = xml_escape(&meta.keywords.join(", "));
    let lang = xml_escape(&meta.lang);
    let date = xmp_date(meta.date);
    // The pdfaExtension block declares the pdfuaid schema, which validators expect because
    // pdfuaid is not one of XMP's predefined schemas.
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li><rdf:li xml:lang="{lang}">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

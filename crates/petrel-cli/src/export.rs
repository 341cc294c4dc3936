//! `petrel export`: the store in the formats other tools read. Files are written to a temporary
//! name and renamed when complete, so an interrupted export never leaves half a file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use petrel_ontology::{Cameo, QuadConvention};
use petrel_store::{ExportRow, Store, StoredLocation};
use serde_json::{json, Value};

use crate::{ExportArgs, ExportFormat};

pub fn run(args: ExportArgs) -> Result<u8> {
    let store = Store::open_read_only(&args.db)?;
    let conv = args.convention.ontology();
    let tmp = args
        .out
        .with_extension(format!("tmp-{}", std::process::id()));
    let result = write_all(&store, &args, conv, &tmp);
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, &args.out)
                .with_context(|| format!("renaming {} to {}", tmp.display(), args.out.display()))?;
            eprintln!(
                "petrel: exported {n} events to {} ({} format, quad classes: {})",
                args.out.display(),
                format_name(args.format),
                conv.name()
            );
            Ok(0)
        }
        Err(e) => {
            std::fs::remove_file(&tmp).ok();
            Err(e)
        }
    }
}

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Csv => "csv",
        ExportFormat::Gdelt => "gdelt",
        ExportFormat::Icews => "icews",
        ExportFormat::Plover => "plover",
        ExportFormat::Parquet => "parquet",
    }
}

fn write_all(store: &Store, args: &ExportArgs, conv: QuadConvention, tmp: &Path) -> Result<u64> {
    let file = File::create(tmp).with_context(|| format!("creating {}", tmp.display()))?;
    if matches!(args.format, ExportFormat::Parquet) {
        return parquet::write(store, conv, file);
    }
    let mut out = BufWriter::new(file);
    let n = match args.format {
        ExportFormat::Csv => {
            writeln!(
                out,
                "# petrel events; quad_class convention: {}",
                conv.name()
            )?;
            writeln!(out, "id,doc_id,outlet,date,date_precision,source_code,source_country,target_code,target_country,cameo,root,quad_class,goldstein,plover,cluster,num_sources,num_articles,num_mentions,negated,hypothetical,url,sentence,location_name,location_country,location_lat,location_lon,location_precision")?;
            store.for_each_export(|r| writeln!(out, "{}", csv_row(r, conv)))?
        }
        ExportFormat::Gdelt => {
            // GDELT's own files have no header; ours names the columns (GDELT 2.0 order) and,
            // in the QuadClass column's name, the convention.
            let mut header: Vec<String> = GDELT_COLUMNS.iter().map(|c| c.to_string()).collect();
            header[29] = format!("QuadClass_{}", conv.name());
            writeln!(out, "{}", header.join("\t"))?;
            store.for_each_export(|r| writeln!(out, "{}", gdelt_row(r, conv)))?
        }
        ExportFormat::Icews => {
            writeln!(out, "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\tQuad Class ({})", conv.name())?;
            store.for_each_export(|r| writeln!(out, "{}", icews_row(r, conv)))?
        }
        ExportFormat::Plover => {
            store.for_each_export(|r| writeln!(out, "{}", plover_json(r, conv)))?
        }
        ExportFormat::Parquet => unreachable!("written by the parquet module above"),
    };
    out.flush()?;
    out.get_ref().sync_all().ok();
    Ok(n)
}

/// GDELT 2.0 event table columns, in order.
const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

fn quad(r: &ExportRow, conv: QuadConvention) -> u8 {
    r.root
        .parse()
        .ok()
        .and_then(|x| conv.quad_class(x))
        .unwrap_or(0)
}

fn sectors(code: &str, root: &str) -> String {
    code.get(root.len()..)
        .unwrap_or("")
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

/// A CSV field, quoted when needed.
fn q(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(['=', '+', '-', '@']) {
        let defused = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn country(root: &str) -> &str {
    if root == "---" {
        ""
    } else {
        root
    }
}

/// The location object of an event, in the shape `petrel code` writes it.
pub fn location_json(l: &StoredLocation) -> Value {
    json!({
        "name": l.name, "place": l.place, "country": l.country, "lat": short(l.lat), "lon": short(l.lon),
        "precision": l.precision, "span": [l.span.0, l.span.1], "from": l.from,
    })
}

/// A coordinate as `petrel code` prints it: the f32's shortest decimal (46.2022), which
/// `json!` would otherwise widen to 46.20220184326172.
fn short(c: Option<f32>) -> Option<f64> {
    c.and_then(|c| c.to_string().parse().ok())
}

fn coord(c: Option<f32>) -> String {
    c.map(|c| c.to_string()).unwrap_or_default()
}

fn csv_row(r: &ExportRow, conv: QuadConvention) -> String {
    let tr = r.target_root.as_deref().unwrap_or("");
    let l = r.location.as_ref();
    [
        q(&r.id),
        q(&r.doc_id),
        q(r.outlet.as_deref().unwrap_or("")),
        r.date.clone().unwrap_or_default(),
        r.date_precision.clone().unwrap_or_default(),
        r.source_code.clone(),
        country(&r.source_root).to_string(),
        r.target_code.clone().unwrap_or_default(),
        country(tr).to_string(),
        r.cameo.clone(),
        r.root.clone(),
        quad(r, conv).to_string(),
        r.goldstein.to_string(),
        r.plover.clone().unwrap_or_default(),
        r.cluster.map(|c| c.to_string()).unwrap_or_default(),
        r.num_sources.to_string(),
        r.num_articles.to_string(),
        r.num_mentions.to_string(),
        r.negated.to_string(),
        r.hypothetical.to_string(),
        q(r.url.as_deref().unwrap_or("")),
        q(&r.sentence),
        // Location columns last, as in `petrel code --format csv`.
        q(l.map_or("", |l| l.name.as_str())),
        l.map_or("", |l| l.country.as_str()).to_string(),
        coord(l.and_then(|l| l.lat)),
        coord(l.and_then(|l| l.lon)),
        l.map_or("", |l| l.precision.as_str()).to_string(),
    ]
    .join(",")
}

/// Tab-free text for tab-separated formats.
fn t(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// GDELT 2.0 event table, 61 columns in GDELT's order; empty where petrel has nothing
/// (ethnic and religious codes, tone, actors' geography). ActionGeo is the event's location:
/// type (1 country, 2 US state, 3 US city, 4 world city, 5 world state, as GDELT counts them),
/// full name, latitude and longitude; GDELT's FIPS country and ADM1 codes and feature ids are
/// left empty (petrel's countries are ISO 3166 alpha-3).
fn gdelt_row(r: &ExportRow, conv: QuadConvention) -> String {
    let date = r.date.as_deref().unwrap_or("");
    let day = date.replace('-', "");
    let sqldate = match day.len() {
        8 => day.clone(),
        6 => format!("{day}01"),
        4 => format!("{day}0101"),
        _ => String::new(),
    };
    let year = sqldate.get(..4).unwrap_or("").to_string();
    let month_year = sqldate.get(..6).unwrap_or("").to_string();
    let fraction = sqldate
        .get(4..8)
        .and_then(|md| {
            let m: f64 = md[..2].parse().ok()?;
            let d: f64 = md[2..].parse().ok()?;
            let y: f64 = year.parse().ok()?;
            Some(format!("{:.4}", y + ((m - 1.0) * 30.4 + d) / 365.0))
        })
        .unwrap_or_default();
    let actor = |code: Option<&str>, root: Option<&str>, name: Option<&str>| -> Vec<String> {
        let code = code.unwrap_or("");
        let root = root.unwrap_or("");
        let secs: Vec<String> = code
            .get(root.len()..)
            .unwrap_or("")
            .as_bytes()
            .chunks(3)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        let known_group =
            if root.starts_with("IGO") || root.starts_with("NGO") || root.starts_with("IMG") {
                root.to_string()
            } else {
                String::new()
            };
        vec![
            if code.starts_with("---") {
                code.trim_start_matches('-').to_string()
            } else {
                code.to_string()
            },
            t(&name.unwrap_or("").to_uppercase()),
            if known_group.is_empty() {
                country(root).to_string()
            } else {
                String::new()
            },
            known_group,
            String::new(),
            String::new(),
            String::new(),
            secs.first().cloned().unwrap_or_default(),
            secs.get(1).cloned().unwrap_or_default(),
            secs.get(2).cloned().unwrap_or_default(),
        ]
    };
    let mut cols: Vec<String> = Vec::with_capacity(61);
    // A stable numeric id from the hex event id and the document.
    let numeric = u64::from_str_radix(r.id.get(..15).unwrap_or("0"), 16).unwrap_or(0);
    cols.push(numeric.to_string());
    cols.push(sqldate.clone());
    cols.push(month_year);
    cols.push(year);
    cols.push(fraction);
    cols.extend(actor(
        Some(&r.source_code),
        Some(&r.source_root),
        Some(&r.source_text),
    ));
    cols.extend(actor(
        r.target_code.as_deref(),
        r.target_root.as_deref(),
        r.target_text.as_deref(),
    ));
    cols.push(if r.sentence_index <= 1 { "1" } else { "0" }.into());
    cols.push(r.cameo.clone());
    cols.push(r.cameo.get(..3).unwrap_or(&r.cameo).to_string());
    cols.push(r.root.clone());
    cols.push(quad(r, conv).to_string());
    cols.push(format!("{:.1}", r.goldstein));
    cols.push(r.num_mentions.to_string());
    cols.push(r.num_sources.to_string());
    cols.push(r.num_articles.to_string());
    cols.push(String::new()); // AvgTone
    for _ in 0..2 {
        cols.extend(std::iter::repeat_n(String::new(), 8)); // Actor1Geo, Actor2Geo
    }
    match &r.location {
        Some(l) => {
            let us = l.country == "USA";
            let geo_type = match (l.precision.as_str(), us) {
                ("country", _) => "1",
                ("region", true) => "2",
                ("region", false) => "5",
                (_, true) => "3",
                _ => "4",
            };
            cols.push(geo_type.into());
            cols.push(t(&l.place));
            cols.extend(std::iter::repeat_n(String::new(), 3)); // CountryCode, ADM1, ADM2
            cols.push(coord(l.lat));
            cols.push(coord(l.lon));
            cols.push(String::new()); // FeatureID
        }
        None => cols.extend(std::iter::repeat_n(String::new(), 8)),
    }
    cols.push(
        r.ingested_at
            .replace(['-', 'T', ':', 'Z'], "")
            .chars()
            .take(14)
            .collect(),
    );
    cols.push(t(r.url.as_deref().unwrap_or("")));
    debug_assert_eq!(cols.len(), 61);
    cols.join("\t")
}

fn icews_row(r: &ExportRow, conv: QuadConvention) -> String {
    let cameo = Cameo::get();
    let l = r.location.as_ref();
    let at = |precision: &str| {
        l.filter(|l| l.precision == precision)
            .map(|l| t(&l.place))
            .unwrap_or_default()
    };
    // ICEWS names countries; the gazetteer has each country's name.
    let country_name = l
        .map(|l| {
            petrel_dict::places::Gazetteer::builtin()
                .country(&l.country)
                .map_or(l.country.clone(), |c| c.name.clone())
        })
        .unwrap_or_default();
    let intensity = cameo
        .lookup(&r.cameo)
        .map_or(0.0, |c| f64::from(c.goldstein));
    [
        r.id.clone(),
        r.date.clone().unwrap_or_default(),
        t(&r.source_text),
        sectors(&r.source_code, &r.source_root),
        country(&r.source_root).to_string(),
        t(cameo.lookup(&r.cameo).map_or("", |c| c.name)),
        r.cameo.clone(),
        format!("{intensity:.1}"),
        t(r.target_text.as_deref().unwrap_or("")),
        r.target_code
            .as_deref()
            .map(|c| sectors(c, r.target_root.as_deref().unwrap_or("")))
            .unwrap_or_default(),
        country(r.target_root.as_deref().unwrap_or("")).to_string(),
        t(&r.doc_id),
        r.sentence_index.to_string(),
        t(r.outlet.as_deref().unwrap_or("")),
        at("city"),
        String::new(), // District: the gazetteer has no second-level divisions
        at("region"),
        t(&country_name),
        coord(l.and_then(|l| l.lat)),
        coord(l.and_then(|l| l.lon)),
        quad(r, conv).to_string(),
    ]
    .join("\t")
}

fn plover_json(r: &ExportRow, conv: QuadConvention) -> String {
    let cameo = Cameo::get();
    let p = cameo.lookup(&r.cameo).and_then(|c| c.plover.as_ref());
    let actor = |code: &str, root: &str, text: &str| json!({"code": code, "country": (root != "---").then_some(root), "sectors": sectors(code, root).split(',').filter(|s| !s.is_empty()).collect::<Vec<_>>(), "text": text});
    json!({
        "event_id": r.id,
        "event_date": r.date,
        "date_precision": r.date_precision,
        "story_id": r.doc_id,
        "story_date": r.published,
        "publisher": r.outlet,
        "url": r.url,
        "event_type": p.map(|p| p.event),
        "event_mode": p.map(|p| p.mode).filter(|m| !m.is_empty()),
        "event_context": p.map(|p| p.context.split(';').filter(|c| !c.is_empty()).collect::<Vec<_>>()).unwrap_or_default(),
        "event_text": r.sentence,
        "source": actor(&r.source_code, &r.source_root, &r.source_text),
        "target": r.target_code.as_deref().map(|c| actor(c, r.target_root.as_deref().unwrap_or(""), r.target_text.as_deref().unwrap_or(""))),
        "cameo": r.cameo,
        "goldstein": r.goldstein,
        "quad_class": quad(r, conv),
        "quad_convention": conv.name(),
        "cluster": r.cluster,
        "num_sources": r.num_sources,
        "num_articles": r.num_articles,
        "negated": r.negated,
        "hypothetical": r.hypothetical,
        "location": r.location.as_ref().map(location_json),
    })
    .to_string()
}

/// Parquet with zstd compression; the quad-class convention is in the schema's metadata.
mod parquet {
    use std::collections::HashMap;
    use std::fs::File;
    use std::sync::Arc;

    use anyhow::Result;
    use arrow_array::{
        ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    };
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::metadata::KeyValue;
    use parquet::file::properties::WriterProperties;
    use petrel_ontology::QuadConvention;
    use petrel_store::{ExportRow, Store, StoredLocation};

    const BATCH: usize = 8192;

    fn schema(conv: QuadConvention) -> Arc<Schema> {
        let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
        let fields = vec![
            s("event_id", false),
            s("doc_id", false),
            s("outlet", true),
            s("date", true),
            s("date_precision", true),
            s("source_code", false),
            s("source_country", true),
            s("target_code", true),
            s("target_country", true),
            s("cameo", false),
            s("root", false),
            Field::new("quad_class", DataType::Int32, false),
            Field::new("goldstein", DataType::Float64, false),
            s("plover", true),
            Field::new("cluster", DataType::Int64, true),
            Field::new("num_sources", DataType::Int64, false),
            Field::new("num_articles", DataType::Int64, false),
            Field::new("num_mentions", DataType::Int64, false),
            Field::new("negated", DataType::Boolean, false),
            Field::new("hypothetical", DataType::Boolean, false),
            s("url", true),
            s("sentence", false),
            s("location_name", true),
            s("location_place", true),
            s("location_country", true),
            Field::new("location_lat", DataType::Float64, true),
            Field::new("location_lon", DataType::Float64, true),
            s("location_precision", true),
            s("location_from", true),
        ];
        let meta = HashMap::from([
            ("quad_convention".to_string(), conv.name().to_string()),
            ("producer".to_string(), "petrel".to_string()),
        ]);
        Arc::new(Schema::new_with_metadata(fields, meta))
    }

    fn batch(
        rows: &[ExportRow],
        conv: QuadConvention,
        schema: &Arc<Schema>,
    ) -> Result<RecordBatch> {
        let text = |f: &dyn Fn(&ExportRow) -> Option<String>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let country = |r: &str| (r != "---" && !r.is_empty()).then(|| r.to_string());
        let cols: Vec<ArrayRef> = vec![
            text(&|r| Some(r.id.clone())),
            text(&|r| Some(r.doc_id.clone())),
            text(&|r| r.outlet.clone()),
            text(&|r| r.date.clone()),
            text(&|r| r.date_precision.clone()),
            text(&|r| Some(r.source_code.clone())),
            text(&|r| country(&r.source_root)),
            text(&|r| r.target_code.clone()),
            text(&|r| r.target_root.as_deref().and_then(country)),
            text(&|r| Some(r.cameo.clone())),
            text(&|r| Some(r.root.clone())),
            Arc::new(
                rows.iter()
                    .map(|r| i32::from(super::quad(r, conv)))
                    .collect::<Int32Array>(),
            ),
            Arc::new(rows.iter().map(|r| r.goldstein).collect::<Float64Array>()),
            text(&|r| r.plover.clone()),
            Arc::new(rows.iter().map(|r| r.cluster).collect::<Int64Array>()),
            Arc::new(
                rows.iter()
                    .map(|r| r.num_sources as i64)
                    .collect::<Int64Array>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| r.num_articles as i64)
                    .collect::<Int64Array>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| r.num_mentions as i64)
                    .collect::<Int64Array>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.negated))
                    .collect::<BooleanArray>(),
            ),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.hypothetical))
                    .collect::<BooleanArray>(),
            ),
            text(&|r| r.url.clone()),
            text(&|r| Some(r.sentence.clone())),
            text(&|r| r.location.as_ref().map(|l| l.name.clone())),
            text(&|r| r.location.as_ref().map(|l| l.place.clone())),
            text(&|r| r.location.as_ref().map(|l| l.country.clone())),
            coords(rows, |l| l.lat),
            coords(rows, |l| l.lon),
            text(&|r| r.location.as_ref().map(|l| l.precision.clone())),
            text(&|r| r.location.as_ref().map(|l| l.from.clone())),
        ];
        Ok(RecordBatch::try_new(schema.clone(), cols)?)
    }

    /// A coordinate column: the f32's short decimal (46.2022) as a double, null without one.
    fn coords(rows: &[ExportRow], f: impl Fn(&StoredLocation) -> Option<f32>) -> ArrayRef {
        Arc::new(
            rows.iter()
                .map(|r| {
                    r.location
                        .as_ref()
                        .and_then(&f)
                        .and_then(|v| v.to_string().parse::<f64>().ok())
                })
                .collect::<Float64Array>(),
        )
    }

    pub fn write(store: &Store, conv: QuadConvention, file: File) -> Result<u64> {
        let schema = schema(conv);
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "quad_convention".to_string(),
                conv.name().to_string(),
            )]))
            .build();
        let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(props))?;
        let mut rows: Vec<ExportRow> = Vec::with_capacity(BATCH);
        let mut failure: Option<anyhow::Error> = None;
        let n = store.for_each_export(|r| {
            rows.push(r.clone());
            if rows.len() == BATCH {
                if let Err(e) =
                    batch(&rows, conv, &schema).and_then(|b| writer.write(&b).map_err(Into::into))
                {
                    failure.get_or_insert(e);
                }
                rows.clear();
            }
            Ok(())
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        if !rows.is_empty() {
            writer.write(&batch(&rows, conv, &schema)?)?;
        }
        writer.close()?;
        Ok(n)
    }
}

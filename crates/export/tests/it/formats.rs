//! The formats with their options, and the KDP calculator.

use jc_domain::ExportFormat;
use jc_proto::common::Empty;
use jc_proto::convert::word;
use jc_proto::export::{InkPaper, KdpPreviewRequest, option_value};
use uuid::Uuid;

use crate::support::{TestExport, error_fields};

async fn formats_and_the_calculator_answer(app: TestExport) {
    let list =
        app.client.clone().list_formats(app.service_call(Empty {})).await.expect("formats").into_inner();
    let ids: Vec<&str> = list.formats.iter().map(|f| word::<ExportFormat>(f.id)).collect();
    assert_eq!(ids, ["pdf", "docx", "epub", "kdp"]);
    let kdp = &list.formats[3];
    assert_eq!((kdp.content_type.as_str(), kdp.file_extension.as_str()), ("application/zip", "zip"));
    let option = |name: &str| kdp.options.iter().find(|o| o.name == name).expect(name);
    let trim_default = option("trim").default_value.clone().and_then(|value| value.value);
    assert_eq!(trim_default, Some(option_value::Value::Text("6x9".into())));
    assert_eq!(option("font_size_pt").min, Some(8.0));
    assert_eq!(option("trim").allowed.len(), 16);
    assert!(option("isbn").nullable);

    let user = Uuid::new_v4();
    let request = KdpPreviewRequest {
        trim: Some("6x9".into()),
        pages: 151,
        ink_paper: InkPaper::BlackWhite as i32,
        ..Default::default()
    };
    let result = app.client.clone().kdp_preview(app.call(user, request)).await.expect("preview").into_inner();
    let calculation = result.calculation.expect("calculation");
    assert_eq!(calculation.min_gutter, 0.5);
    assert!(!calculation.pages_ok, "an odd page count");
    let request = KdpPreviewRequest { trim: Some("6x9".into()), pages: 0, ..Default::default() };
    let refused = app.client.clone().kdp_preview(app.call(user, request)).await.expect_err("bad");
    assert_eq!(error_fields(&refused), ["pages"]);
}
jc_testkit::on_every_backend!(TestExport => formats_and_the_calculator_answer);

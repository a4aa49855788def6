//! The formats with their options, and the KDP calculator.

use jc_domain::ExportFormat;
use jc_proto::common::Empty;
use jc_proto::convert::word;
use jc_proto::export::KdpPreviewRequest;
use uuid::Uuid;

use crate::support::{TestExport, error_fields};

async fn formats_and_the_calculator_answer(app: TestExport) {
    let list =
        app.client.clone().list_formats(app.service_call(Empty {})).await.expect("formats").into_inner();
    let ids: Vec<&str> = list.formats.iter().map(|f| word::<ExportFormat>(f.id)).collect();
    assert_eq!(ids, ["pdf", "docx", "epub", "kdp"]);
    let kdp = &list.formats[3];
    assert_eq!((kdp.content_type.as_str(), kdp.file_extension.as_str()), ("application/zip", "zip"));
    let options: serde_json::Value = serde_json::from_str(&kdp.options_json).expect("json");
    assert_eq!(options["trim"]["default"], "6x9");
    assert_eq!(options["font_size_pt"]["min"], 8.0);
    assert!(options["trim"]["allowed"].as_array().is_some_and(|sizes| sizes.len() == 16));
    assert!(options.get("isbn").is_some());

    let user = Uuid::new_v4();
    let request =
        KdpPreviewRequest { request_json: r#"{"trim":"6x9","pages":151,"ink_paper":"black_white"}"#.into() };
    let result = app.client.clone().kdp_preview(app.call(user, request)).await.expect("preview").into_inner();
    let result: serde_json::Value = serde_json::from_str(&result.result_json).expect("json");
    assert_eq!(result["calculation"]["min_gutter"], 0.5);
    assert_eq!(result["calculation"]["pages_ok"], false, "an odd page count");
    let request = KdpPreviewRequest { request_json: r#"{"trim":"6x9","pages":"many"}"#.into() };
    let refused = app.client.clone().kdp_preview(app.call(user, request)).await.expect_err("bad");
    assert_eq!(error_fields(&refused), ["pages"]);
}
jc_testkit::on_every_backend!(TestExport => formats_and_the_calculator_answer);

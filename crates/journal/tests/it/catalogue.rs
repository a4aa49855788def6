//! The catalogue a person chooses from.

use jc_proto::common::Empty;
use jc_proto::journal::AuthorSuggestionsRequest;
use uuid::Uuid;

use crate::support::{TestJournalService, error_fields};

async fn the_catalogue_is_served(service: TestJournalService) {
    let mut client = service.client.clone();
    let user = Uuid::new_v4();
    let themes = client.list_themes(service.user_call(user, Empty {})).await.expect("themes").into_inner();
    assert_eq!(themes.themes.len(), 7);
    let mindfulness = themes.themes.iter().find(|t| t.id == "mindfulness").expect("mindfulness");
    assert!(!mindfulness.name.is_empty() && mindfulness.estimated_days > 0);
    let styles = client.list_title_styles(service.service_call(Empty {})).await.expect("styles").into_inner();
    assert_eq!(styles.title_styles.len(), 10);
    assert!(styles.title_styles.iter().all(|s| !s.examples.is_empty()));

    let request = AuthorSuggestionsRequest { theme: "mindfulness".into() };
    let authors = client.author_suggestions(service.user_call(user, request)).await.expect("authors");
    let authors = authors.into_inner();
    assert_eq!(authors.theme, "mindfulness");
    assert!(!authors.authors.is_empty());
    assert!(authors.authors.iter().all(|a| !a.name.is_empty() && !a.style.is_empty()));

    let unknown = AuthorSuggestionsRequest { theme: "astrology".into() };
    let status = client.author_suggestions(service.user_call(user, unknown)).await.expect_err("unknown");
    assert_eq!(error_fields(&status), ["theme"]);
}
jc_testkit::on_every_backend!(TestJournalService => the_catalogue_is_served);

//! The components of the platform. This is the one place the binary names the
//! service crates: `serve`, `dev`, `migrate` and `config check` go through
//! [`COMPONENTS`], so adding a service is its crate plus one line here.

use jc_platform::component::{AnyComponent, component};

/// Every component, in the order a process starts them.
pub static COMPONENTS: &[&dyn AnyComponent] = &[
    component::<jc_auth::AuthComponent>(),
    component::<jc_user::UserComponent>(),
    component::<jc_journal::JournalComponent>(),
    component::<jc_export::ExportComponent>(),
    component::<jc_gateway::GatewayComponent>(),
];

/// The REST API's OpenAPI document, as the gateway serves it.
pub fn openapi_json() -> serde_json::Result<String> {
    jc_gateway::openapi().to_pretty_json()
}

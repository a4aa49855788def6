//! `journalcraft`: one binary for every component of Journal Craft.
//!
//! - `serve --target <component|all|list>`: run components against the configured
//!   PostgreSQL, Redis and RabbitMQ (one Deployment per target on Kubernetes); the
//!   components are those of [`journalcraft::COMPONENTS`].
//! - `dev`: the whole platform in one process on embedded defaults.
//! - `migrate --target …`: apply the database migrations of those services.
//! - `config check`: validate a configuration and print every problem.
//! - `openapi`: print the REST API's OpenAPI document.

// This is a command-line program: its results go to standard output.
#![allow(clippy::print_stdout)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use jc_platform::component::PlatformSettings;
use jc_platform::component::settings::{Report, Targets};
use jc_platform::config::{ConfigError, Environment, LogFormat};
use jc_platform::db::{DbSetupError, RetryWindow};

#[derive(Parser)]
#[command(name = "journalcraft", version, about = "Journal Craft: make guided journals.")]
struct Cli {
    /// development, test or production (default: $JC_ENV, else development).
    #[arg(long, global = true)]
    env: Option<String>,
    /// Directory of `<env>.toml` files (default: $JC_CONFIG_DIR, else ./config).
    #[arg(long, global = true)]
    config_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run one component, a comma list of them, or all.
    Serve {
        #[arg(long, default_value = "all", value_parser = journalcraft::targets)]
        target: Targets,
    },
    /// Run the whole platform in one process on embedded defaults.
    Dev {
        /// Where SQLite files, the signing key, the service credential and the key
        /// encryption key live.
        #[arg(long, default_value = ".journalcraft")]
        data_dir: PathBuf,
        /// Where the gateway listens.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Where the operations listener (probes with details, metrics) listens.
        #[arg(long, default_value = "127.0.0.1:9100")]
        ops_listen: SocketAddr,
    },
    /// Apply pending database migrations, then exit.
    Migrate {
        /// The components whose migrations to apply (default: every one with a
        /// database).
        #[arg(long, value_parser = journalcraft::targets)]
        target: Option<Targets>,
        /// Create each PostgreSQL database that does not exist yet (the URL's user
        /// needs the CREATEDB privilege).
        #[arg(long)]
        create_databases: bool,
        /// How long to wait for an unreachable database server before failing. A
        /// missing database, refused credentials or a malformed URL fail at once.
        #[arg(long, default_value_t = 300)]
        wait_seconds: u64,
    },
    /// Configuration commands.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print the OpenAPI document of the REST API.
    Openapi,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Validate the configuration and print every problem.
    Check {
        #[arg(long, default_value = "all", value_parser = journalcraft::targets)]
        target: Targets,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let env = match &cli.env {
        Some(name) => name.parse::<Environment>()?,
        None => Environment::from_env()?,
    };
    let config_dir = cli.config_dir.clone().unwrap_or_else(jc_platform::config::config_dir);
    match cli.command {
        Command::Openapi => {
            let document = journalcraft::components::openapi_json().context("cannot render the document")?;
            println!("{document}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Config { command: ConfigCommand::Check { target } } => {
            let settings = load(env, &config_dir, &[]);
            Ok(report(settings.map(|s| s.check(env, &target)), env))
        }
        Command::Serve { target } => {
            let settings = load(env, &config_dir, &[])?.validated(env, &target)?;
            serve(settings, env, target)
        }
        Command::Dev { data_dir, listen, ops_listen } => {
            if env == Environment::Production {
                anyhow::bail!("`journalcraft dev` is for development; use `serve` in production");
            }
            let overrides = journalcraft::dev_overrides(&data_dir, listen, ops_listen)?;
            let mut settings = load(env, &config_dir, &overrides)?;
            if std::env::var_os("JC__TELEMETRY__FORMAT").is_none() {
                settings.shared.telemetry.format = LogFormat::Pretty;
            }
            let settings = settings.validated(env, &journalcraft::all())?;
            serve(settings, env, journalcraft::all())
        }
        Command::Migrate { target, create_databases, wait_seconds } => {
            let settings = load(env, &config_dir, &[])?;
            if !settings.load_problems().is_empty() {
                return Err(ConfigError::Invalid(settings.load_problems().to_vec()).into());
            }
            let options = MigrateOptions { create_databases, wait: Duration::from_secs(wait_seconds) };
            migrate(settings, env, target.unwrap_or_else(journalcraft::with_database), options)
        }
    }
}

/// The configuration of this process: its files, its `JC__…` variables, `overrides`.
fn load(
    env: Environment,
    config_dir: &std::path::Path,
    overrides: &[(String, String)],
) -> Result<PlatformSettings, ConfigError> {
    journalcraft::settings(env, config_dir, std::env::vars(), overrides)
}

fn report(checked: Result<Report, ConfigError>, env: Environment) -> ExitCode {
    let report = match checked {
        Ok(report) => report,
        Err(error) => {
            println!("configuration for {env} cannot be read: {error}");
            return ExitCode::FAILURE;
        }
    };
    let code = if report.problems.is_empty() {
        println!("configuration for {env} is valid");
        ExitCode::SUCCESS
    } else {
        println!("configuration for {env} has {} problem(s):", report.problems.len());
        for problem in &report.problems {
            println!("  - {problem}");
        }
        ExitCode::FAILURE
    };
    if !report.warnings.is_empty() {
        println!("{} warning(s), refused in production:", report.warnings.len());
        for warning in &report.warnings {
            println!("  - {warning}");
        }
    }
    code
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")
}

fn serve(settings: PlatformSettings, env: Environment, targets: Targets) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async move {
        let _telemetry = jc_platform::telemetry::init(&settings.shared.telemetry)?;
        for warning in settings.check(env, &targets).warnings {
            tracing::warn!(setting = %warning.key, "{}: refused in production", warning.message);
        }
        let shutdown = jc_platform::shutdown::on_signal();
        let running = journalcraft::start(settings, env, &targets, shutdown).await?;
        if let Some((_, address)) = running.http.first().copied() {
            tracing::info!(
                "Journal Craft is running at http://{address} (API documentation at http://{address}/docs/)"
            );
            if targets == journalcraft::all() {
                println!("Journal Craft is running at http://{address}  (API docs: http://{address}/docs/)");
            }
        }
        let ops = running.ops;
        tracing::info!("probes and metrics at http://{ops}/readyz and http://{ops}/metrics");
        if targets == journalcraft::all() {
            println!("Operations (probes, metrics): http://{ops}/readyz  http://{ops}/metrics");
        }
        running.wait().await?;
        tracing::info!("stopped");
        Ok(ExitCode::SUCCESS)
    })
}

struct MigrateOptions {
    create_databases: bool,
    wait: Duration,
}

fn migrate(
    settings: PlatformSettings,
    env: Environment,
    targets: Targets,
    options: MigrateOptions,
) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async move {
        let _telemetry = jc_platform::telemetry::init(&settings.shared.telemetry)?;
        let shutdown = jc_platform::shutdown::on_signal();
        for target in targets.iter() {
            let Some(component) = settings.component(target) else { continue };
            let (Some(database), Some(migrations)) = (component.database(), component.migrations()) else {
                println!("{target}: no database");
                continue;
            };
            database.validate_for(env, &format!("{target}.database"))?;
            let database = jc_platform::db::Database::new(component.name(), database, migrations)?;
            let window = RetryWindow::within(options.wait);
            match database.wait_until_reachable_within(&shutdown, window).await {
                // The server answered but refused: a missing database is created
                // when asked, any other refusal stands.
                Err(refused @ DbSetupError::Refused { .. }) if options.create_databases => {
                    if !database.create_if_missing().await? {
                        return Err(refused.into());
                    }
                    println!("{target}: database created");
                    database.wait_until_reachable_within(&shutdown, window).await?;
                }
                reached => reached?,
            }
            database.migrate().await?;
            println!("{target}: migrations applied");
        }
        Ok(ExitCode::SUCCESS)
    })
}

# Journal Craft — everyday commands. `make run` and `make test` need nothing but Rust
# (and, for `make test`, the local PostgreSQL, Redis and RabbitMQ when present).

CARGO ?= cargo
DATA_DIR ?= .journalcraft
LISTEN ?= 127.0.0.1:8080

.PHONY: run run-release test schemathesis lint fmt bench bench-platform bench-render openapi config-check clean

## The whole platform in one process on embedded defaults (SQLite, in-memory cache).
run:
	$(CARGO) run -p journalcraft -- dev --data-dir $(DATA_DIR) --listen $(LISTEN)

## The same, optimised (slower to build, what the benchmarks measure).
run-release:
	$(CARGO) run --release -p journalcraft -- dev --data-dir $(DATA_DIR) --listen $(LISTEN)

## Every test of the workspace. Set JC_TEST_REQUIRE_SERVICES=1 to fail, not skip,
## when PostgreSQL, Redis or RabbitMQ is missing.
test:
	$(CARGO) test --workspace --locked

## The REST API against its OpenAPI document: schemathesis with every check on
## `journalcraft dev` (a free port, a temporary data directory); fails on any failure.
## MAX_EXAMPLES and MAX_TIME bound it (see scripts/schemathesis.sh).
schemathesis:
	scripts/schemathesis.sh

## fmt check and clippy with warnings as errors.
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

## Every benchmark, one after the other (never in parallel: they measure the machine).
bench:
	scripts/bench.sh
	scripts/bench_render.sh

## Load benchmarks of the gateway (release build, PostgreSQL and Redis, wrk), the library
## listing, and the memory of `journalcraft dev` during and after a burst of sign-ins.
## SCENARIOS="library dev_memory" runs only those (see scripts/bench.sh).
bench-platform:
	scripts/bench.sh

## Rendering a 365-day journal (PDF, DOCX, EPUB, KDP package) against pandoc.
bench-render:
	scripts/bench_render.sh

## Print the OpenAPI document.
openapi:
	@$(CARGO) run -q -p journalcraft -- openapi

## Validate the configuration of $$JC_ENV (default development).
config-check:
	$(CARGO) run -q -p journalcraft -- config check

clean:
	$(CARGO) clean
	rm -rf $(DATA_DIR)

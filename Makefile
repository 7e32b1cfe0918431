# idmatch: the two commands a fresh Debian 12 machine needs are `make run` and
# `make test`. Everything else is a step they share.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
SHARED ?= $(abspath ../shared)
export IDMATCH_SHARED_DIR ?= $(SHARED)
# One model cache for the fetch script, the binary and the tests, even where
# HOME is unset (some CI environments).
export IDMATCH_MODEL_DIR ?= $(if $(HOME),$(HOME),/var/tmp)/.cache/idmatch/models

.PHONY: deps models build run test test-asan fuzz bench format format-check clean

deps:
	@./scripts/install-deps.sh

models: deps
	@./scripts/fetch-models.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: models $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Starts the service with its embedded defaults: http://127.0.0.1:8080, SQLite
# under ~/.local/share/idmatch (IDMATCH_DATA_DIR), first API key printed once.
run: build
	$(BUILD_DIR)/idmatch serve

# Every test: the release build's suites, a bounded fuzz run of
# the image decoder (seeded, at most 60 s: it reaches real decodes at ~1,200
# inputs/s, so 2M runs would take ~27 min) and the parsers (30 s each), then the
# same suites under ASan+UBSan.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) fuzz FUZZ_ARGS="-runs=2000000 -seed=1 -max_total_time=60"
	$(MAKE) test-asan

test-asan: models
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DIDMATCH_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j $(JOBS) --target idmatch idmatch_unit_tests idmatch_sample_tests idmatch_server_tests idmatch_store_tests make_document_samples make_capture_video
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j $(JOBS)

# libFuzzer + ASan/UBSan on DecodeImage; FUZZ_ARGS defaults to a 60 s run.
FUZZ_ARGS ?= -max_total_time=60
fuzz: deps
	./fuzz/run.sh $(FUZZ_ARGS)

bench: build
	$(BUILD_DIR)/bench/bench_compare
	$(BUILD_DIR)/bench/bench_http
	$(BUILD_DIR)/bench/bench_audit
	$(BUILD_DIR)/bench/bench_quality
	$(BUILD_DIR)/bench/quality_curves
	$(BUILD_DIR)/bench/liveness_eval
	bench/startup.sh $(BUILD_DIR)/idmatch 5

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz

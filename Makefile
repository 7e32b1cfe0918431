# idmatch: the two commands a fresh Debian 12 machine needs are `make run` and
# `make test`. Everything else is a step they share.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
SHARED ?= $(abspath ../shared)
export IDMATCH_SHARED_DIR ?= $(SHARED)

.PHONY: deps models build run test test-fast test-asan bench format format-check clean

deps:
	@./scripts/install-deps.sh

models: deps
	@./scripts/fetch-models.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: models $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Until the HTTP service lands, `make run` runs a demo comparison on real photos.
run: build
	@./scripts/demo.sh $(BUILD_DIR)/idmatch

# Every test: the release build's suites, then the same suites under ASan+UBSan.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-asan

test-asan: models
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DIDMATCH_SANITIZE=ON
	cmake --build $(ASAN_DIR) -j $(JOBS) --target idmatch idmatch_unit_tests idmatch_sample_tests
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD_DIR)/bench_compare

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)

# surgesim: every target bootstraps (installs missing Debian packages) and builds what it needs.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc)
OUT        ?= out

RELEASE_FLAGS = -DCMAKE_BUILD_TYPE=Release -DSURGESIM_WERROR=ON -DPython3_EXECUTABLE=/usr/bin/python3
# -O1 -g1: sanitizer builds compile faster and still report files and lines.
ASAN_FLAGS    = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
                -DSURGESIM_WERROR=ON -DSURGESIM_SANITIZE=ON \
                -DSURGESIM_BUILD_BENCH=OFF -DSURGESIM_BUILD_PYTHON=OFF -DSURGESIM_BUILD_EXAMPLES=OFF \
                -DPython3_EXECUTABLE=/usr/bin/python3

.PHONY: all bootstrap build test test-release test-asan fuzz fuzz-build fuzz-run regress regress-run regress-bless notebooks install bench bench-bless bench-city bench-sweep demo format format-check clean

all: build

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	cmake -S . -B $(BUILD) $(RELEASE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

# The whole suite, optimised and then under AddressSanitizer + UndefinedBehaviorSanitizer, then the
# scenario fuzzer for FUZZ_SECONDS (60 s) under the same sanitizers beside the regression goldens
# (the fuzzer takes one core, the regression the other).
test: test-release test-asan fuzz-build
	$(MAKE) --no-print-directory --output-sync=target -j2 fuzz-run regress-run

test-release: build
	cd $(BUILD) && ctest -j$(JOBS) --output-on-failure

test-asan: bootstrap
	cmake -S . -B $(ASAN_BUILD) $(ASAN_FLAGS) >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest -j$(JOBS) --output-on-failure

# The scenarios of bench/regression against their goldens: outputs byte-identical with the fixed
# seed, then every KPI statistically the same (surgesim regress; README, "Regression").
regress: build
	$(MAKE) --no-print-directory regress-run

regress-run:
	$(BUILD)/bin/surgesim regress bench/regression --out $(BUILD)/regress-exact
	$(BUILD)/bin/surgesim regress bench/regression --stat --out $(BUILD)/regress-stat

# New goldens from this build, after a deliberate change: make regress-bless REASON="why" (read
# from the environment, so quotes and dollars in it stay as written).
export REASON
regress-bless: build
	@test -n "$(REASON)" || { echo 'make regress-bless REASON="why the outputs changed"' >&2; exit 2; }
	$(BUILD)/bin/surgesim regress bench/regression --bless --reason "$$REASON"

# libFuzzer on the scenario loader (clang, ASan + UBSan): the shipped scenarios and fuzz/regressions
# as seed corpus, YAML's tokens as dictionary; `make fuzz FUZZ_SECONDS=1800` for a long run. A
# finding is written to $(FUZZ_BUILD)/findings/ and fails the target.
fuzz: fuzz-build
	$(MAKE) --no-print-directory fuzz-run

# -O1 -g1 as for the sanitizer build: it compiles faster and still names files and lines.
fuzz-build: bootstrap
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DSURGESIM_FUZZ=ON -DSURGESIM_WERROR=ON -DSURGESIM_BUILD_TESTS=OFF -DSURGESIM_BUILD_BENCH=OFF \
	  -DSURGESIM_BUILD_EXAMPLES=OFF -DSURGESIM_BUILD_PYTHON=OFF >/dev/null
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target scenario_fuzz

fuzz-run:
	rm -rf $(FUZZ_BUILD)/corpus && mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/findings
	cp scenarios/*.yaml fuzz/regressions/* $(FUZZ_BUILD)/corpus/ 2>/dev/null || true
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(FUZZ_BUILD)/bin/scenario_fuzz -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/yaml.dict \
	  -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_BUILD)/findings/ $(FUZZ_BUILD)/corpus

# Google Benchmark (5 repetitions, the fastest counting; JSON in $(BUILD)/bench.json) against the committed
# bench/baseline.json as ratios to a reference benchmark of the same run: fails if any is slower by
# more than 25%. `make bench-bless` makes this machine's run the baseline. Then surgesim vs SimPy.
bench: build
	$(BUILD)/bin/surgesim_bench --benchmark_min_time=0.2 --benchmark_repetitions=5 \
	  --benchmark_out=$(BUILD)/bench.json --benchmark_out_format=json
	/usr/bin/python3 bench/perf_regress.py $(BUILD)/bench.json --baseline bench/baseline.json
	/usr/bin/python3 bench/compare_simpy.py --bin $(BUILD)/bin

bench-bless: build
	$(BUILD)/bin/surgesim_bench --benchmark_min_time=0.2 --benchmark_repetitions=5 \
	  --benchmark_out=$(BUILD)/bench.json --benchmark_out_format=json
	/usr/bin/python3 bench/perf_regress.py $(BUILD)/bench.json --baseline bench/baseline.json --bless

# The city scenario at 1 M, 4 M and 21.84 M people on 1 and 2 threads (about 2 minutes).
bench-city: build
	/usr/bin/python3 bench/city_scale.py --bin $(BUILD)/bin

bench-sweep: build
	/usr/bin/python3 bench/sweep_scale.py --bin $(BUILD)/bin

# The main job: Beijing's December 2022 wave, the whole city (21.84 M people) with its 1,263 fever
# clinics, through the CLI; outputs (summary.json, epidemic_timeseries.csv, timeseries.csv,
# resolved.yaml, ...) in $(OUT)/beijing-2022-12, and its report (report.html and the PNGs) in
# $(OUT)/beijing-2022-12/report.
demo: build
	$(BUILD)/bin/surgesim run scenarios/beijing-2022-12.yaml --out $(OUT)/beijing-2022-12
	$(BUILD)/bin/surgesim report $(OUT)/beijing-2022-12

# The notebooks, executed, as HTML in $(BUILD)/notebooks.
notebooks: build
	PYTHONPATH=$(CURDIR)/$(BUILD)/python jupyter nbconvert --to html --execute \
	  --ExecutePreprocessor.timeout=600 --output-dir $(BUILD)/notebooks notebooks/*.ipynb

# The CLI and the Python package under PREFIX (default /usr/local: Debian's python3 finds the
# package in PREFIX/lib/python3.X/dist-packages).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

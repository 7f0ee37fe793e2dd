# yaodian — build, test, demo and install. Plain make, libraries found with pkg-config.
# Targets that compile first run `deps`, which installs missing Debian packages, then call a
# sub-make so that pkg-config is asked only once the packages are there.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
SAN     ?=

# Debian packages: build (gcc, pkg-config, the libraries) and test (sqlite3 CLI; the lunar
# tables of python3-lunardate and liblunar-date that tests/cli/lunar.sh checks against).
DEB_PKGS := gcc libc6-dev make pkg-config liblua5.4-dev libsqlite3-dev libical-dev \
            libcmocka-dev libcsv-dev libjansson-dev libutf8proc-dev sqlite3 \
            python3-lunardate python3-gi gir1.2-lunardate-3.0
PC_PKGS  := lua5.4 sqlite3 libical jansson libutf8proc

# Excel workbooks (.xlsx) are read with libzip (the zip container) and libxml2's streaming
# reader (the sheet XML); the tests build workbooks with python3-openpyxl.
DEB_PKGS += libzip-dev libxml2-dev python3-openpyxl
PC_PKGS  += libzip libxml-2.0
# Workbooks yaodian writes (record templates, exports) are written with libxlsxwriter.
DEB_PKGS += libxlsxwriter-dev
PC_PKGS  += xlsxwriter

# `yaodian serve`: libmicrohttpd (HTTP, a thread pool), nettle (SHA-256 of the feeds' ETags and
# of the unit tokens), zlib (gzip); wrk drives it in `make bench`.
DEB_PKGS += libmicrohttpd-dev nettle-dev zlib1g-dev wrk
# tests/cli/install.sh renders the installed man pages with groff.
DEB_PKGS += groff-base
PC_PKGS  += libmicrohttpd nettle zlib
# make bench reads CPU time and peak RSS from GNU time (/usr/bin/time -f).
DEB_PKGS += time

# The calendar feed tests (tests/cli/calendar.sh) read every feed with python3-icalendar and
# with ical.js under Node.js. Debian's nodejs and npm only when no node/npm is installed:
# a machine may have a newer Node of its own.
DEB_PKGS += python3-icalendar
# Every JSON document the CLI tests produce is validated against schemas/ (tests/cli/schema_check.py).
DEB_PKGS += python3-jsonschema
# The printed report (check --format html) is rendered by a real browser in tests/cli/html.sh:
# headless chromium prints it to PDF with the Noto CJK fonts; poppler-utils reads the PDF back.
DEB_PKGS += chromium fonts-noto-cjk poppler-utils
# `make fuzz` alone builds with clang 14's libFuzzer (the runtime is in libclang-rt-14-dev):
# installed by `make fuzz` only, so `make test` needs no clang.
FUZZ_DEB_PKGS := clang libclang-rt-14-dev
DEB_PKGS += $(if $(and $(shell command -v node),$(shell command -v npm)),,nodejs npm)
# ical.js (the parser Thunderbird uses) from the npm registry, into build/npm for every build
# (the sanitizer build's tests look there too).
ICALJS := build/npm/node_modules/ical.js/package.json

CFLAGS_BASE := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -g
ifeq ($(SAN),1)
  OPT := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(TSAN),1)
  OPT := -O1 -fsanitize=thread -fno-omit-frame-pointer
else
  OPT := -O2
endif
CFLAGS  = $(CFLAGS_BASE) $(OPT) $(shell pkg-config --cflags $(PC_PKGS))
LDLIBS  = $(shell pkg-config --libs $(PC_PKGS)) -lcsv -lm -pthread

ENGINE_SRC := $(sort $(wildcard engine/*.c))
ENGINE_OBJ := $(patsubst engine/%.c,$(BUILD)/obj/%.o,$(ENGINE_SRC))
LIB_OBJ    := $(filter-out $(BUILD)/obj/main.o,$(ENGINE_OBJ))
TEST_SRC   := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRC))
# The fuzz harnesses (tests/fuzz/fuzz_*.c): built by every build with a plain main()
# (tests/fuzz/driver.c) to replay inputs in `make test`, and with libFuzzer by `make fuzz`.
FUZZ_NAMES := csv rules ics dates xlsx
FUZZ_DRV   := $(patsubst %,$(BUILD)/tests/fuzz_%,$(FUZZ_NAMES))

.PHONY: all deps build demo test test-plain test-san tsan check-run bench mutate fuzz fuzz-build install uninstall clean

all: deps
	@$(MAKE) --no-print-directory build

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "yaodian: installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	    || { echo "yaodian: could not install$$missing (run as root, or install them yourself)" >&2; exit 2; }; \
	fi

# The sanitizer build also makes tests/unit/sanfault.c, which reports on purpose
# (tests/cli/harness.sh proves the harness fails on it).
SANFAULT := $(if $(filter 1,$(SAN)),$(BUILD)/tests/sanfault)

# tests/bench_feed.sh's feed writer benchmark (the engine's writer against raw libical).
BENCH_BIN := $(BUILD)/bench/feed_bench

build: $(BUILD)/yaodian $(TEST_BIN) $(FUZZ_DRV) $(SANFAULT) $(BENCH_BIN)

# V=1 shows the full commands.
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: engine/%.c $(wildcard engine/*.h) | $(BUILD)/obj
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libyaodian.a: $(LIB_OBJ)
	$(Q)$(AR) rcs $@ $^

$(BUILD)/yaodian: $(BUILD)/obj/main.o $(BUILD)/libyaodian.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(wildcard engine/*.h) $(BUILD)/libyaodian.a | $(BUILD)/tests
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -Iengine -o $@ $< $(BUILD)/libyaodian.a $(LDLIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/bench/%: tests/bench/%.c $(wildcard engine/*.h) $(BUILD)/libyaodian.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -Iengine -o $@ $< $(BUILD)/libyaodian.a $(LDLIBS)

$(BUILD)/tests/sanfault: tests/unit/sanfault.c | $(BUILD)/tests
	$(Q)$(CC) $(CFLAGS) -o $@ $<

FUZZ_COMMON := tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h

$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(FUZZ_COMMON) $(wildcard engine/*.h) $(BUILD)/libyaodian.a | $(BUILD)/tests
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -Iengine -o $@ $< tests/fuzz/fuzz_common.c tests/fuzz/driver.c $(BUILD)/libyaodian.a $(LDLIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

# The main job on the bundled sample records: a fresh database, the import, the checks.
demo: all
	@sh tests/demo.sh $(BUILD)/yaodian $(BUILD)/demo

# Every test, once plainly and once under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps
	@$(MAKE) --no-print-directory test-plain
	@$(MAKE) --no-print-directory test-san

test-plain: $(ICALJS)
	@$(MAKE) --no-print-directory build
	@sh tests/run.sh $(BUILD) plain

test-san: $(ICALJS)
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 build
	@sh tests/run.sh build/san sanitizers

# The worker threads of `check --jobs` under ThreadSanitizer (gcc -fsanitize=thread), into
# build/tsan: the pool's and the check's unit tests and the CLI suites of --jobs. Not part of
# `test` (the Lua and SQLite libraries are not instrumented: races inside them go unseen).
TSAN_RUN := TSAN_OPTIONS="halt_on_error=1 exitcode=99 second_deadlock_stack=1"
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan TSAN=1 build/tsan/yaodian build/tsan/tests/test_workers \
	  build/tsan/tests/test_check
	$(TSAN_RUN) build/tsan/tests/test_workers
	$(TSAN_RUN) build/tsan/tests/test_check
	$(TSAN_RUN) YAODIAN=$(CURDIR)/build/tsan/yaodian BUILD=build/tsan SANITIZED=1 sh tests/cli/jobs.sh
	$(TSAN_RUN) YAODIAN=$(CURDIR)/build/tsan/yaodian BUILD=build/tsan SANITIZED=1 sh tests/cli/jobs_dept.sh
	$(TSAN_RUN) YAODIAN=$(CURDIR)/build/tsan/yaodian BUILD=build/tsan SANITIZED=1 sh tests/cli/jobs_dept2.sh

$(ICALJS):
	npm install --prefix build/npm --no-audit --no-fund --loglevel=error ical.js@2

# Mutation testing (tests/mutations.tsv): every listed one-line mutation must be caught by each
# suite named for it. Not part of `test`; run it before resolving an issue that touches the core.
mutate: all $(ICALJS)
	@sh tests/mutate.sh

# Fuzzing (tests/fuzz/): each harness built with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer into build/fuzz, seeded from the repository's own files
# (tests/fuzz/seeds.sh), then run for FUZZ_SECONDS each. Any crash, leak, timeout or sanitizer
# report fails; libFuzzer leaves the input in build/fuzz/crash/NAME/ (copy it to
# tests/fuzz/regress/NAME/ once fixed, so `make test` replays it). The corpus grows in
# build/fuzz/corpus/NAME across runs.
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 30
FUZZ_CC      ?= clang
FUZZ_FLAGS   := $(CFLAGS_BASE) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJ     := $(patsubst engine/%.c,build/fuzz/obj/%.o,$(filter-out engine/main.c,$(ENGINE_SRC)))

fuzz:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) $(FUZZ_DEB_PKGS)"
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TIMEOUT) $(FUZZ_NAMES)

fuzz-build: $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_NAMES))

build/fuzz/obj/%.o: engine/%.c $(wildcard engine/*.h)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $< (fuzz)")
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(shell pkg-config --cflags $(PC_PKGS)) -c -o $@ $<

build/fuzz/libyaodian.a: $(FUZZ_OBJ)
	$(Q)$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) $(wildcard engine/*.h) build/fuzz/libyaodian.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(shell pkg-config --cflags $(PC_PKGS)) -Iengine -o $@ $< \
	  tests/fuzz/fuzz_common.c build/fuzz/libyaodian.a $(LDLIBS)

bench: all
	@sh tests/bench.sh $(BUILD)/yaodian
	@sh tests/bench_feed.sh $(BUILD)/yaodian
	@sh tests/bench_serve.sh $(BUILD)/yaodian
	@sh tests/hostile_bench.sh $(BUILD)/yaodian

SHARE := $(PREFIX)/share/yaodian
# What a Debian admin expects beside the binary (engine/dist/): the man pages, bash completion
# and the systemd unit of `yaodian serve` (its ExecStart pointed at this PREFIX).
MAN1 := $(PREFIX)/share/man/man1
MAN5 := $(PREFIX)/share/man/man5
BASHCOMP := $(PREFIX)/share/bash-completion/completions
UNITDIR := $(PREFIX)/lib/systemd/system
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SHARE) $(DESTDIR)$(MAN1) $(DESTDIR)$(MAN5) \
	  $(DESTDIR)$(BASHCOMP) $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BUILD)/yaodian $(DESTDIR)$(PREFIX)/bin/yaodian
	cp -R rules calendars schemas $(DESTDIR)$(SHARE)/
	install -m 0644 engine/dist/yaodian.1 $(DESTDIR)$(MAN1)/yaodian.1
	install -m 0644 engine/dist/yaodian-rules.5 $(DESTDIR)$(MAN5)/yaodian-rules.5
	install -m 0644 engine/dist/yaodian.bash-completion $(DESTDIR)$(BASHCOMP)/yaodian
	sed 's|@BINDIR@|$(PREFIX)/bin|' engine/dist/yaodian-serve.service >$(DESTDIR)$(UNITDIR)/yaodian-serve.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/yaodian-serve.service

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/yaodian $(DESTDIR)$(MAN1)/yaodian.1 $(DESTDIR)$(MAN5)/yaodian-rules.5 \
	  $(DESTDIR)$(BASHCOMP)/yaodian $(DESTDIR)$(UNITDIR)/yaodian-serve.service
	rm -rf $(DESTDIR)$(SHARE)

clean:
	rm -rf build

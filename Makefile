# Release build and install of pss-fix, with shell completions and a man page that the binary
# and swift-argument-parser generate from the command definitions (so they never drift).
#
#   make                                   release build (same as make build)
#   sudo make install                      into /usr/local
#   make install PREFIX=$HOME/.local       no root needed
#   make install DESTDIR=/tmp/stage PREFIX=/usr   staged, for packaging
#   make uninstall PREFIX=...              remove exactly what install put there
#   make completions / make man            only generate them (into $(SCRATCH)/dist)
#
# Release (see RELEASING.md and Packaging/):
#   make dist                              portable binary tarball dist/pss-fix-VERSION-linux-ARCH.tar.gz
#   make release-check [TAG=vX.Y.Z]        verify the tarball: contents, size, GLIBC floor, --version = tag
#   make test-dist                         run the tarball's binary with Swift and libyaml hidden
#   make image / make test-image           OCI image without a daemon (buildah), run it in a chroot
#
# Works offline: the man page comes from swift-argument-parser's GenerateManual package plugin,
# which is built from the already resolved dependency.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man

SWIFT ?= swift
# release for installing; CONFIG=debug reuses a debug build (quicker, for trying the targets).
CONFIG ?= release
SCRATCH ?= .build
INSTALL ?= install

SWIFT_FLAGS = --scratch-path $(SCRATCH)
BUILD_FLAGS = $(SWIFT_FLAGS) --configuration $(CONFIG)
BIN_DIR = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)
BIN = $(BIN_DIR)/pss-fix
DIST = $(SCRATCH)/dist
# The man page's date: the last commit's, so that the same source gives the same page.
MAN_DATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)

COMPLETIONS = $(DIST)/completions/pss-fix.bash $(DIST)/completions/_pss-fix $(DIST)/completions/pss-fix.fish
MANPAGE = $(DIST)/man/pss-fix.1

.PHONY: all build completions man install uninstall clean dist release-check test-dist image test-image

all: build

build:
	$(SWIFT) build $(BUILD_FLAGS) --product pss-fix

completions: build
	mkdir -p $(DIST)/completions
	$(BIN) --generate-completion-script bash > $(DIST)/completions/pss-fix.bash
	$(BIN) --generate-completion-script zsh > $(DIST)/completions/_pss-fix
	$(BIN) --generate-completion-script fish > $(DIST)/completions/pss-fix.fish

man: build
	$(SWIFT) package $(SWIFT_FLAGS) plugin generate-manual --configuration $(CONFIG) --date $(MAN_DATE)
	mkdir -p $(DIST)/man
	awk -f Tools/tidy-manual.awk $(SCRATCH)/plugins/GenerateManual/outputs/pss-fix/pss-fix.1 > $(MANPAGE)

install: build completions man
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions $(DESTDIR)$(DATADIR)/zsh/site-functions \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/pss-fix
	$(INSTALL) -m 644 $(DIST)/completions/pss-fix.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/pss-fix
	$(INSTALL) -m 644 $(DIST)/completions/_pss-fix $(DESTDIR)$(DATADIR)/zsh/site-functions/_pss-fix
	$(INSTALL) -m 644 $(DIST)/completions/pss-fix.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/pss-fix.fish
	$(INSTALL) -m 644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man1/pss-fix.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pss-fix \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/pss-fix \
		$(DESTDIR)$(DATADIR)/zsh/site-functions/_pss-fix \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/pss-fix.fish \
		$(DESTDIR)$(MANDIR)/man1/pss-fix.1

clean:
	rm -rf $(DIST)

# The release: scripts in Packaging/, artifacts in dist/ (git-ignored), static build in .build-dist.
DIST_DIR ?= dist
DIST_SCRATCH ?= .build-dist
PACKAGING_ENV = SWIFT="$(SWIFT)" DIST_DIR="$(DIST_DIR)" DIST_SCRATCH="$(DIST_SCRATCH)"

dist:
	$(PACKAGING_ENV) MAN_SCRATCH="$(SCRATCH)" bash Packaging/dist.sh

release-check:
	$(PACKAGING_ENV) TAG="$(TAG)" bash Packaging/release-check.sh

test-dist:
	$(PACKAGING_ENV) bash Packaging/test-dist.sh

image:
	$(PACKAGING_ENV) bash Packaging/image.sh

test-image:
	$(PACKAGING_ENV) bash Packaging/test-image.sh

# SPDX-License-Identifier: GPL-2.0
#
# scsiport: a Linux kernel module that hosts Windows ScsiPort miniports.
#
#   make run      build, boot Debian's 6.12 kernel in QEMU with a pvscsi HBA,
#                 load the shim and a miniport, and exercise the disks
#   make test     everything: builds for four kernels (Debian 6.1, 6.12 and
#                 6.12 PREEMPT_RT, our debug kernel), style and documentation
#                 checks, KUnit, integration tests in QEMU; ends with
#                 "N passed, N failed"
#   make check    the developer's loop: the W=1 builds, sparse, checkpatch,
#                 the harness self-test, KUnit and the deb612 integration VM
#   make test-win the builds and checks, then the full RAM-disk and pvscsi
#                 guest suites with both built as Windows code (SP_ABI=windows),
#                 on Debian 6.12 and the debug kernel (make test runs a subset)
#   make bench    ours vs the native Linux driver, same VM, same run
#   make modules  build the modules for Debian's 6.12 kernel (build/deb612)
#   make miniport SRC=dir [NAME= PCI= CLASS= DEFINES= INCLUDES= KERNEL=]
#                 build any miniport source tree, unmodified, into a module
#                 (tools/miniport.sh); make run MINIPORT_SRC=dir HBA=device
#                 [HBA_OPTS=...] runs the make run job on it in QEMU
#   make dkms-tree  the DKMS source tree of scsiport (build/dkms)
#   make deps     install what is missing (apt) and fetch the test kernels
#   make clean    remove build/ (the kernel cache outside the repo stays)
#
# Variables: SCSIPORT_CACHE (default /var/cache/scsiport), JOBS, KERNELS
# (for make test: any of "deb612 deb61 test"), RT_KERNEL (default deb612rt;
# empty skips the PREEMPT_RT set).

SHELL := /bin/bash

.PHONY: all run test check test-win bench modules deps testkernel clean miniport dkms-tree

all: modules

deps:
	@. tools/lib.sh && ensure_deps

testkernel: deps
	@. tools/lib.sh && ensure_deps && ensure_testkernel && echo "$$TEST_KDIR"

modules: deps
	@. tools/lib.sh && ensure_deps && build_modules deb612 && \
		grep -E 'warning|error' build/deb612/build.log; built_modules deb612

run:
	@MINIPORT_SRC="$(MINIPORT_SRC)" HBA="$(HBA)" HBA_OPTS="$(HBA_OPTS)" \
		NAME="$(NAME)" PCI="$(PCI)" CLASS="$(CLASS)" DEFINES="$(DEFINES)" \
		INCLUDES="$(INCLUDES)" ABI="$(ABI)" HEADERS="$(HEADERS)" tools/run.sh

miniport:
	@SRC="$(SRC)" NAME="$(NAME)" PCI="$(PCI)" CLASS="$(CLASS)" \
		DEFINES="$(DEFINES)" INCLUDES="$(INCLUDES)" KERNEL="$(KERNEL)" \
		OUT="$(OUT)" ABI="$(ABI)" HEADERS="$(HEADERS)" tools/miniport.sh

dkms-tree:
	@tools/dkms.sh tree

test:
	@tools/test.sh

check:
	@TEST_MODE=check tools/test.sh

test-win:
	@TEST_MODE=win tools/test.sh

bench:
	@tools/bench.sh

clean:
	rm -rf build

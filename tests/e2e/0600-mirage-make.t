What `mirage configure` leaves behind, replayed with monolock as `opam monorepo`: opam files
under mirage/ whose dependencies appear only with the `monorepo` variable, an overlay
repository added to the switch with `opam repo add`, and a Makefile that runs
`opam monorepo lock/depext/pull` the way mirage's generated one does (its commands, written
here for this test). Then `dune build` builds the unikernel-shaped program. Debian's opam
2.1 in an offline root; archives on 127.0.0.1.

  $ command -v opam >/dev/null || exit 80
  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache" OPAMROOT="$PWD/root" OPAMYES=1 OPAMCOLOR=never
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ mkrepo() { mkdir -p $1/packages && echo 'opam-version: "2.0"' > $1/repo; }
  $ pkg() { mkdir -p $1/packages/$2/$2.$3 && cat > $1/packages/$2/$2.$3/opam; }

The default repository has the compiler and dune; the overlay has the libraries, as dune
ports live in mirage's overlays:

  $ mkrepo repo && mkrepo overlay
  $ printf 'opam-version: "2.0"\nflags: compiler\n' | pkg repo ocaml "$(ocamlc -version)"
  $ printf 'opam-version: "2.0"\ndepends: ["ocaml"]\n' | pkg repo dune 3.0.0
  $ for n in alpha beta gamma; do
  >   { sed -n '1,4p' "$PULL_FIX/src/$n/$n.opam"
  >     echo "dev-repo: \"git+https://example.com/$n.git\""
  >     echo "url { src: \"$URL/$n-1.0.tgz\" checksum: \"sha256=$(sha256 srv/$n-1.0.tgz)\" }"
  >   } | pkg overlay $n 1.0
  > done
  $ opam init --bare -n --disable-sandboxing default ./repo >/dev/null 2>&1
  $ opam switch create unikernel --empty >/dev/null 2>&1
  $ monolock install-opam-plugin >/dev/null

The project: the unikernel's opam file under mirage/ (switch dependencies without a filter,
monorepo ones with ?monorepo), the Makefile, and the program:

  $ cp -R "$PULL_FIX/project" hello && cd hello && rm app.opam && mkdir mirage
  $ cat > mirage/hello-hvt.opam <<'X'
  > opam-version: "2.0"
  > synopsis: "Unikernel hello-hvt - switch dependencies"
  > depends: [
  >   "ocaml"
  >   "dune" {build}
  >   "gamma" {?monorepo}
  > ]
  > x-mirage-extra-repo: [["overlay" "%{overlay}%"]]
  > X
  $ cat > Makefile <<'X'
  > BUILD_DIR = ./
  > MIRAGE_DIR = ./mirage
  > UNIKERNEL_NAME = hello-hvt
  > OPAM = opam
  > 
  > .PHONY: lock pull depext-lockfile repo-add
  > 
  > repo-add:
  > 	$(OPAM) repo add overlay $(OVERLAY) || $(OPAM) repo set-url overlay $(OVERLAY)
  > 
  > $(MIRAGE_DIR)/$(UNIKERNEL_NAME).opam.locked: $(MIRAGE_DIR)/$(UNIKERNEL_NAME).opam
  > 	@$(MAKE) -s repo-add
  > 	@env OPAMVAR_monorepo="opam-monorepo" $(OPAM) monorepo lock --require-cross-compile --build-only $(UNIKERNEL_NAME) -l $@ --ocaml-version $(shell ocamlc --version)
  > 
  > lock::
  > 	@$(MAKE) -B $(MIRAGE_DIR)/$(UNIKERNEL_NAME).opam.locked
  > 
  > depext-lockfile: $(MIRAGE_DIR)/$(UNIKERNEL_NAME).opam.locked
  > 	env OPAMVAR_monorepo="opam-monorepo" $(OPAM) monorepo depext -y -l $<
  > 
  > pull:: $(MIRAGE_DIR)/$(UNIKERNEL_NAME).opam.locked
  > 	@env OPAMVAR_monorepo="opam-monorepo" $(OPAM) monorepo pull -l $< -r $(abspath $(BUILD_DIR))
  > X

`make lock` adds the overlay to the switch and locks from the switch's repositories; the
lock is mirage/hello-hvt.opam.locked:

  $ make -s lock OVERLAY="$PWD/../overlay" 2>&1 | grep 'Initialised\|monolock\|locked\|written'
  [overlay] Initialised
  locked 5 packages in 3 sources
  mirage/hello-hvt.opam.locked written
  $ opam monorepo list -l mirage/hello-hvt.opam.locked
  alpha      1.0     alpha
  beta       1.0     beta
  dune       3.0.0   (tool)
  gamma      1.0     gamma
  hello-hvt  dev     (root)
  ocaml      4.13.1  (compiler)
  $ grep -A5 'cli-args' mirage/hello-hvt.opam.locked
  x-opam-monorepo-cli-args: [
    "--require-cross-compile"
    "--build-only"
    "hello-hvt"
    "-l"
    "mirage/hello-hvt.opam.locked"

`make depext`: the lock needs no system package here; --dry-run prints what it would install:

  $ make -s depext-lockfile
  $ opam monorepo depext --dry-run -l mirage/hello-hvt.opam.locked

`make pull` puts duniverse/ in the build directory (-r), not beside the lock:

  $ make -s pull 2>&1 | sort
  pulled 3 sources (*, 0 from cache) in * s (glob)
  pulled alpha
  pulled beta
  pulled gamma
  $ ls duniverse mirage
  duniverse:
  README.md
  alpha
  beta
  dune
  gamma
  
  mirage:
  hello-hvt.opam
  hello-hvt.opam.locked
  $ head -1 duniverse/README.md
  # duniverse

and the program builds with the vendored libraries:

  $ dune build --root . 2>&1
  $ ./_build/default/bin/main.exe
  Hello, monolock!
  $ cd .. && unserve

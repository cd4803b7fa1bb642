`opam-monorepo pull` and the .opam.locked files monolock writes and reads: duniverse/ under
--root, duniverse/README.md, local repositories written with $OPAM_MONOREPO_CWD, and a
?vendor dependency without a pin-depends url skipped with a warning (as opam-monorepo
pulls only what pin-depends names).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir bin && ln -s "$(command -v monolock)" bin/opam-monorepo && export PATH="$PWD/bin:$PATH"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0
  $ cp -R "$PULL_FIX/project" app && cd app && mkdir -p repo/packages && echo 'opam-version: "2.0"' > repo/repo
  $ pkg() { mkdir -p repo/packages/$1/$1.$2 && cat > repo/packages/$1/$1.$2/opam; }
  $ printf 'opam-version: "2.0"\nflags: compiler\n' | pkg ocaml 4.13.1
  $ echo 'opam-version: "2.0"' | pkg dune 3.0.0
  $ for n in alpha beta; do
  >   { sed -n '1,4p' "$PULL_FIX/src/$n/$n.opam"
  >     echo "dev-repo: \"git+https://example.com/$n.git\""
  >     echo "url { src: \"$URL/$n-1.0.tgz\" checksum: \"sha256=$(sha256 ../srv/$n-1.0.tgz)\" }"
  >   } | pkg $n 1.0
  > done
  $ printf 'opam-version: "2.0"\ndepends: ["ocaml" "dune" "beta"]\nx-opam-monorepo-opam-repositories: ["file://$OPAM_MONOREPO_CWD/repo"]\n' > app.opam

A repository inside the project is written as opam-monorepo writes it:

  $ opam-monorepo lock -q --ocaml-version 4.13.1 && grep -A2 'x-opam-monorepo-opam-repositories' app.opam.locked
  x-opam-monorepo-opam-repositories: ["file://$OPAM_MONOREPO_CWD/repo"]
  x-opam-monorepo-root-packages: ["app"]
  x-opam-monorepo-version: "0.3"

pull from elsewhere: duniverse/ goes under --root, with a README saying it is generated:

  $ cd .. && opam-monorepo pull -r app 2>&1 | sort
  pulled 2 sources (*, 0 from cache) in * s (glob)
  pulled alpha
  pulled beta
  $ ls app/duniverse && cat app/duniverse/README.md
  README.md
  alpha
  beta
  dune
  # duniverse
  
  This directory is generated: `monolock pull` (or `opam monorepo pull`) wrote
  the sources of the packages of the project's lock file here, so that
  `dune build` builds them with the project. Change the lock file, not this
  directory: the next pull replaces what is here (it refuses to replace a
  directory you edited unless given --force).
  $ opam-monorepo pull -r app -l app/app.opam.locked --keep-git-dir -y
  app/duniverse is up to date (2 sources)
  $ opam-monorepo pull -r app -l app/app.opam.locked beta
  app/duniverse is up to date (1 source)

A ?vendor dependency without a pin-depends url is not pulled, with a warning, and the rest is
(a lock written by hand, as opam-monorepo may leave one):

  $ cd app && cat > app.opam.locked <<X
  > opam-version: "2.0"
  > depends: [
  >   "alpha" {= "1.0" & ?vendor}
  >   "beta" {= "1.0" & ?vendor}
  > ]
  > pin-depends: [["beta.1.0" "$URL/beta-1.0.tgz"]]
  > x-opam-monorepo-duniverse-dirs: [["$URL/beta-1.0.tgz" "beta" ["sha256=$(sha256 ../srv/beta-1.0.tgz)"]]]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > X
  $ rm -rf duniverse && opam-monorepo pull 2>&1 | sort
  monolock: warning: app.opam.locked: depends: 'alpha' is marked ?vendor but has no pin-depends url: not pulled
  pulled 1 source (*, 1 from cache) in * s (glob)
  pulled beta
  $ ls duniverse
  README.md
  beta
  dune
  $ opam-monorepo list -s
  beta
  $ cd .. && unserve

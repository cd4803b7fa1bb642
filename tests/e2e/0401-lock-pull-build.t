End to end from the opam metadata: a repository of the three tiny libraries (archives on
127.0.0.1), `monolock lock`, `monolock pull`, `dune build`, and the program runs.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ mkdir -p repo/packages && echo 'opam-version: "2.0"' > repo/repo
  $ pkg() { mkdir -p repo/packages/$1/$1.$2 && cat > repo/packages/$1/$1.$2/opam; }
  $ printf 'opam-version: "2.0"\nflags: compiler\n' | pkg ocaml 4.13.1
  $ printf 'opam-version: "2.0"\ndepends: ["ocaml"]\nbuild: ["ocaml" "boot.ml"]\nurl { src: "%s/none.tgz" checksum: "sha256=%064d" }\n' "$URL" 0 | pkg dune 2.9.3
  $ for n in alpha beta gamma; do
  >   { sed -n '1,4p' "$PULL_FIX/src/$n/$n.opam"
  >     echo "dev-repo: \"git+https://example.com/$n.git\""
  >     echo "url { src: \"$URL/$n-1.0.tgz\" checksum: \"sha256=$(sha256 srv/$n-1.0.tgz)\" }"
  >   } | pkg $n 1.0
  > done
  $ cp -R "$PULL_FIX/project" app && cd app
  $ monolock lock -q --repo "$PWD/../repo"
  $ grep -c '"dir": "gamma"' monolock.lock
  2
  $ monolock pull -q
  $ dune build --root . 2>&1
  $ ./_build/default/bin/main.exe
  Hello, monolock!
  $ cd .. && unserve

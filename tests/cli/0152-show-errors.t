`show` errors: unknown names and versions exit 1 naming them; usage errors exit 64.

  $ cp -R "$ML_ROOT/fixtures/repos/good" "$ML_ROOT/fixtures/repos/broken" .
  $ monolock show nope --repo good
  monolock: unknown package 'nope'
  [1]
  $ monolock show nope.1.0 --repo good
  monolock: unknown package 'nope'
  [1]
  $ monolock show a.3.0 --repo good
  monolock: package 'a' has no version '3.0'
  [1]
  $ monolock show bad.1 --repo broken
  monolock: broken/packages/bad/bad.1/opam:2:11: unterminated string
  [1]
  $ monolock show a --repo missing
  monolock: repository 'missing': No such file or directory
  [1]

  $ monolock show --help | head -n 1
  usage: monolock show [-q] [--json] NAME[.VERSION] --repo SPEC...
  $ monolock show
  monolock: show: no package given
  see 'monolock show --help'
  [64]
  $ monolock show a
  monolock: show: no repository given (--repo SPEC)
  see 'monolock show --help'
  [64]
  $ monolock show a b --repo good
  monolock: show: one package at a time ('b' is extra)
  see 'monolock show --help'
  [64]
  $ monolock show a. --repo good
  monolock: show: 'a.' is not NAME or NAME.VERSION
  see 'monolock show --help'
  [64]
  $ monolock show a --repo
  monolock: option '--repo' needs a value
  see 'monolock show --help'
  [64]
  $ monolock show --versions a --repo good
  monolock: unknown option '--versions'
  see 'monolock show --help'
  [64]

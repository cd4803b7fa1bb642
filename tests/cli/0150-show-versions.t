`show NAME` lists the versions of NAME, ascending in opam's order, across repositories.

  $ cp -R "$ML_ROOT/fixtures/repos/good" "$ML_ROOT/fixtures/repos/overlay" .
  $ monolock show a --repo good
  1.0~beta
  1.0
  2.0
  10
  $ monolock show a --repo overlay --repo good
  1.0~beta
  1.0
  2.0
  2.0+dune
  10
  $ monolock show --json a --repo overlay
  {
    "monolock": 1,
    "name": "a",
    "versions": [
      "2.0",
      "2.0+dune"
    ]
  }

Options may come before or after NAME; archives work as repositories:

  $ tar -czf good.tgz good
  $ monolock show --repo good.tgz conf-foo
  1

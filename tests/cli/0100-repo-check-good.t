`repo check` on well-formed repositories: the count line on stdout, exit 0.

  $ cp -R "$ML_ROOT/fixtures/repos/good" "$ML_ROOT/fixtures/repos/overlay" "$ML_ROOT/fixtures/repos/flat" .

The nested layout (packages/NAME/NAME.VERSION/opam); a stray directory and files/ are not
packages:

  $ monolock repo check good
  3 packages, 6 versions, 0 errors

The flat layout (packages/NAME.VERSION/opam), a file:// URL, and a trailing slash:

  $ monolock repo check file://flat
  1 packages, 2 versions, 0 errors
  $ monolock repo check "file://$PWD/flat/"
  1 packages, 2 versions, 0 errors

Several repositories: a name.version present in both counts once:

  $ monolock repo check overlay good
  3 packages, 7 versions, 0 errors

A repository archive is read in place, its top-level directory stripped, whatever its name:

  $ mkdir top && cp -R good top/good-1.0 && tar -C top -czf good.tar.gz good-1.0 && rm -rf top
  $ monolock repo check good.tar.gz
  3 packages, 6 versions, 0 errors
  $ cp good.tar.gz good.bin && monolock repo check "file://$PWD/good.bin"
  3 packages, 6 versions, 0 errors
  $ (cd good && zip -qr ../good.zip .) && monolock repo check good.zip
  3 packages, 6 versions, 0 errors
  $ ls
  flat
  good
  good.bin
  good.tar.gz
  good.zip
  overlay

--json:

  $ monolock repo check --json overlay good
  {
    "monolock": 1,
    "packages": 3,
    "versions": 7,
    "errors": []
  }

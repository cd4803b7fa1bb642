Zip entries with non-ASCII names are extracted whatever the locale (monolock never calls
setlocale): names flagged UTF-8 as they are, unflagged names (CP437, the zip default)
converted from CP437 to UTF-8. The path checks apply to them as to any name.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ python3 - <<'PY'
  > import zipfile
  > with zipfile.ZipFile("utf8.zip", "w") as z:   # python sets the UTF-8 flag itself
  >     z.writestr("pkg-1.0/café/naïve.ml", "let x = 1\n")
  >     z.writestr("pkg-1.0/日本.ml", "let y = 2\n")
  > # CP437 without the flag: write an ASCII placeholder of the same length, patch the bytes
  > with zipfile.ZipFile("cp437.zip", "w") as z:
  >     z.writestr("pkg-1.0/caf#.ml", "let z = 3\n")
  > b = open("cp437.zip", "rb").read().replace(b"caf#.ml", b"caf\x82.ml")
  > open("cp437.zip", "wb").write(b)
  > with zipfile.ZipFile("evil.zip", "w") as z:
  >     z.writestr("pkg-1.0/ok.ml", "")
  >     z.writestr("pkg-1.0/../évasion.ml", "")
  > PY
  $ src u "file://$PWD/utf8.zip" "sha256=$(sha256 utf8.zip)"
  $ src c "file://$PWD/cp437.zip" "sha256=$(sha256 cp437.zip)"
  $ writelock
  $ LC_ALL=C monolock pull -q
  $ find duniverse/u duniverse/c -type f | sort
  duniverse/c/café.ml
  duniverse/u/café/naïve.ml
  duniverse/u/日本.ml
  $ find duniverse/c -name 'caf*' | od -An -c | head -1
     d   u   n   i   v   e   r   s   e   /   c   /   c   a   f 303
  $ cat duniverse/c/café.ml
  let z = 3

  $ src e "file://$PWD/evil.zip" "sha256=$(sha256 evil.zip)" && writelock
  $ monolock pull -q 2>&1 | sed "s#$PWD/cache/monolock/archives/sha256/../[0-9a-f]*#ARCHIVE#"
  monolock: e: ARCHIVE: entry 'pkg-1.0/../évasion.ml' contains '..'
  $ ls duniverse
  README.md
  c
  dune
  u

`sbom` writes a CycloneDX 1.5 (default) or SPDX 2.3 JSON bill of materials of the lock,
with licences and dev-repos read again from the repositories the lock records.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" repo
  $ pkg() { mkdir -p "repo/packages/$1/$1.$2" && cat > "repo/packages/$1/$1.$2/opam"; }
  $ pkg lic-a 1.0 <<'OPAM'
  > opam-version: "2.0"
  > synopsis: "A library with one licence"
  > license: "MIT"
  > homepage: "https://example.org/lic-a"
  > dev-repo: "git+https://example.org/lic-a.git"
  > depends: ["ocaml" "dune" "conf-gmp"]
  > build: ["dune" "build" "-p" name]
  > url { src: "https://example.org/lic-a-1.0.tbz" checksum: ["sha256=1111111111111111111111111111111111111111111111111111111111111111" "md5=22222222222222222222222222222222"] }
  > OPAM
  $ pkg conf-gmp 1 <<'OPAM'
  > opam-version: "2.0"
  > license: "GPL-2.0-or-later"
  > depexts: [["libgmp-dev"] {os-family = "debian"} ["gmp"] {os = "macos"}]
  > OPAM
  $ mkdir -p app/vendor/gitb && cd app/vendor/gitb && git init -q
  $ cat > lic-b.opam <<'OPAM'
  > opam-version: "2.0"
  > license: ["ISC" "BSD-3-Clause"]
  > dev-repo: "git+https://example.org/lic-b.git"
  > depends: ["lic-a" "dune"]
  > build: ["dune" "build" "-p" name]
  > OPAM
  $ git add -A && git -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm b && cd ../../..
  $ pkg lic_c+x 0.1 <<'OPAM'
  > opam-version: "2.0"
  > license: "LGPL-2.1 with OCaml linking exception"
  > depends: ["dune"]
  > build: ["dune" "build" "-p" name]
  > url { src: "https://example.org/lic_c-0.1.tbz" checksum: "sha512=33333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333" }
  > OPAM
  $ cd app && cat > app.opam <<'OPAM'
  > opam-version: "2.0"
  > license: "Apache-2.0"
  > depends: ["lic-b" "lic_c+x" "ocaml"]
  > pin-depends: [["lic-b.2.0" "git+file://$OPAM_MONOREPO_CWD/vendor/gitb#HEAD"]]
  > x-opam-monorepo-global-opam-vars: [["os-family" "debian"]]
  > OPAM
  $ monolock lock --repo ../repo -q
  $ COMMIT=$(git -C vendor/gitb rev-parse HEAD)

CycloneDX: the required fields of the 1.5 schema, checked here field by field (no copy of
the schema ships), then what each component says:

  $ monolock sbom > bom.json
  $ python3 - bom.json <<'PY'
  > import json, re, sys
  > d = json.load(open(sys.argv[1]))
  > assert d["bomFormat"] == "CycloneDX" and d["specVersion"] == "1.5" and d["version"] == 1
  > assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", d["serialNumber"])
  > assert "timestamp" not in d["metadata"]
  > refs = {"project"}
  > types = {"application", "framework", "library", "container", "platform", "operating-system", "device", "device-driver", "firmware", "file", "machine-learning-model", "data"}
  > algs = {"MD5": 32, "SHA-1": 40, "SHA-256": 64, "SHA-384": 96, "SHA-512": 128}
  > ext = {"vcs", "issue-tracker", "website", "advisories", "bom", "mailing-list", "social", "chat", "documentation", "support", "distribution", "distribution-intake", "license", "build-meta", "build-system", "release-notes", "security-contact", "model-card", "log", "configuration", "evidence", "formulation", "attestation", "threat-model", "adversary-model", "risk-assessment", "vulnerability-assertion", "exploitability-statement", "pentest-report", "static-analysis-report", "dynamic-analysis-report", "runtime-analysis-report", "component-analysis-report", "maturity-report", "certification-report", "codified-infrastructure", "quality-metrics", "poam", "other"}
  > for c in [d["metadata"]["component"]] + d["components"]:
  >     assert c["type"] in types and c["name"], c
  >     for h in c.get("hashes", []):
  >         assert re.fullmatch("[a-fA-F0-9]{%d}" % algs[h["alg"]], h["content"]), h
  >     for l in c.get("licenses", []):
  >         assert set(l) == {"license"} and ("id" in l["license"]) != ("name" in l["license"]), l
  >     for r in c.get("externalReferences", []):
  >         assert r["type"] in ext and r["url"], r
  >     for p in c.get("properties", []):
  >         assert set(p) == {"name", "value"}, p
  >     if c is not d["metadata"]["component"]:
  >         assert c["bom-ref"] not in refs and c["purl"] == c["bom-ref"]
  >         assert re.fullmatch(r"pkg:opam/[A-Za-z0-9.%_~-]+@[A-Za-z0-9.%_~-]+", c["purl"]), c["purl"]
  >         refs.add(c["bom-ref"])
  > for dep in d["dependencies"]:
  >     assert dep["ref"] in refs and all(x in refs for x in dep["dependsOn"]), dep
  > print(len(d["components"]), "components,", len(d["dependencies"]), "dependency entries: valid")
  > for c in d["components"]:
  >     p = {x["name"][9:]: x["value"] for x in c["properties"]}
  >     print(c["purl"], [l["license"]["name"] for l in c.get("licenses", [])],
  >           p.get("dir") or "not vendored: " + p["reason"],
  >           *["%s=%s" % (r["type"], r["url"].replace(sys.argv[1][:0] + "file://", "file://")) for r in c.get("externalReferences", []) if r["type"] != "vcs" or "example" in r["url"]])
  > print("depexts:", [r["url"] for r in d["metadata"]["component"]["externalReferences"]])
  > print("app ->", [x["dependsOn"] for x in d["dependencies"] if x["ref"] == "pkg:opam/app@dev"][0])
  > PY
  7 components, 8 dependency entries: valid
  pkg:opam/app@dev ['Apache-2.0'] not vendored: root
  pkg:opam/conf-gmp@1 ['GPL-2.0-or-later'] not vendored: virtual
  pkg:opam/dune@3.10.0 [] not vendored: tool
  pkg:opam/lic-a@1.0 ['MIT'] lic-a distribution=https://example.org/lic-a-1.0.tbz vcs=git+https://example.org/lic-a.git website=https://example.org/lic-a
  pkg:opam/lic-b@2.0 ['ISC', 'BSD-3-Clause'] lic-b distribution=git+file://./vendor/gitb vcs=git+https://example.org/lic-b.git
  pkg:opam/lic_c%2Bx@0.1 ['LGPL-2.1 with OCaml linking exception'] lic_c+x distribution=https://example.org/lic_c-0.1.tbz
  pkg:opam/ocaml@5.1.0 [] not vendored: compiler
  depexts: ['pkg:generic/libgmp-dev']
  app -> ['pkg:opam/lic-b@2.0', 'pkg:opam/lic_c%2Bx@0.1', 'pkg:opam/ocaml@5.1.0']

The git source names its commit:

  $ python3 -c '
  > import json
  > c = [c for c in json.load(open("bom.json"))["components"] if c["name"] == "lic-b"][0]
  > print([p["value"] for p in c["properties"] if p["name"] == "monolock:commit"][0])' | grep -c "^$COMMIT$"
  1

Deterministic: the same lock gives the same bytes; --timestamp adds the only time:

  $ monolock sbom | cmp - bom.json
  $ monolock sbom --timestamp | python3 -c '
  > import json, re, sys
  > print(bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", json.load(sys.stdin)["metadata"]["timestamp"])))'
  True

SPDX 2.3: the required fields of the schema, then the licences as SPDX expressions (one
that is not becomes NOASSERTION, with the opam text as a comment):

  $ monolock sbom --format spdx -o spdx.json
  $ python3 - spdx.json <<'PY'
  > import json, re, sys
  > d = json.load(open(sys.argv[1]))
  > assert d["spdxVersion"] == "SPDX-2.3" and d["dataLicense"] == "CC0-1.0" and d["SPDXID"] == "SPDXRef-DOCUMENT"
  > assert d["name"] and re.match(r"https?://", d["documentNamespace"]) and "#" not in d["documentNamespace"]
  > assert d["creationInfo"]["created"] == "1970-01-01T00:00:00Z" and d["creationInfo"]["creators"][0].startswith("Tool: ")
  > ids = {"SPDXRef-DOCUMENT"}
  > for p in d["packages"]:
  >     assert re.fullmatch(r"SPDXRef-[A-Za-z0-9.\-]+", p["SPDXID"]) and p["SPDXID"] not in ids, p["SPDXID"]
  >     ids.add(p["SPDXID"])
  >     assert p["name"] and p["downloadLocation"] and p["filesAnalyzed"] is False
  >     assert p["licenseConcluded"] and p["licenseDeclared"] and p["copyrightText"]
  >     for c in p.get("checksums", []):
  >         assert c["algorithm"] in {"SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "MD5"} and re.fullmatch("[0-9a-f]+", c["checksumValue"])
  >     for r in p["externalRefs"]:
  >         assert r["referenceCategory"] in {"SECURITY", "PACKAGE-MANAGER", "PERSISTENT-ID", "OTHER"} and r["referenceType"] and " " not in r["referenceLocator"]
  > for r in d["relationships"]:
  >     assert r["spdxElementId"] in ids and r["relatedSpdxElement"] in ids and r["relationshipType"] in {"DESCRIBES", "DEPENDS_ON"}, r
  > assert set(d["documentDescribes"]) <= ids
  > print(len(d["packages"]), "packages,", len(d["relationships"]), "relationships: valid")
  > for p in d["packages"]:
  >     print(p["SPDXID"], p["licenseDeclared"], p.get("licenseComments", ""), p["downloadLocation"])
  > PY
  7 packages, 11 relationships: valid
  SPDXRef-Package-app Apache-2.0  NOASSERTION
  SPDXRef-Package-conf-gmp GPL-2.0-or-later  NOASSERTION
  SPDXRef-Package-dune NOASSERTION  NOASSERTION
  SPDXRef-Package-lic-a MIT  https://example.org/lic-a-1.0.tbz
  SPDXRef-Package-lic-b ISC AND BSD-3-Clause  git+file://./vendor/gitb@* (glob)
  SPDXRef-Package-lic.5Fc.2Bx NOASSERTION opam license: "LGPL-2.1 with OCaml linking exception" https://example.org/lic_c-0.1.tbz
  SPDXRef-Package-ocaml NOASSERTION  NOASSERTION

When the recorded repositories cannot be read, a warning says so and licences are
NOASSERTION (left out in CycloneDX); the rest of the document does not change (the root's
and the git pin's opam files are still read):

  $ mv ../repo ../repo.away
  $ monolock sbom --format spdx 2>&1 > spdx2.json | sed "s#$(dirname $PWD)#..#g"
  monolock: warning: sbom: repository '../repo': repository '../repo': No such file or directory
  monolock: warning: sbom: 5 of 7 packages not found in the recorded repositories: their licence is NOASSERTION (left out in CycloneDX)
  $ python3 -c '
  > import json
  > print(sorted({p["licenseDeclared"] for p in json.load(open("spdx2.json"))["packages"]}))'
  ['Apache-2.0', 'ISC AND BSD-3-Clause', 'NOASSERTION']
  $ monolock -q sbom | python3 -c '
  > import json, sys
  > print(sum("licenses" in c for c in json.load(sys.stdin)["components"]))'
  2
  $ mv ../repo.away ../repo

Bad input:

  $ monolock sbom --format xml
  monolock: --format 'xml': expected cyclonedx or spdx
  see 'monolock sbom --help'
  [64]
  $ monolock sbom --lockfile nosuch.lock
  monolock: nosuch.lock: no lock file here: run `monolock lock` first
  [1]
  $ monolock sbom -o /nonexistent/dir/bom.json
  monolock: cannot write '/nonexistent/dir/bom.json': directory '/nonexistent/dir' does not exist
  [1]

/*
 * `monolock sbom`: CycloneDX 1.5 and SPDX 2.3 JSON documents of a lock (see repro.h). Only
 * what the lock and the opam files say is written, in the lock's (sorted) order; nothing
 * depends on the time, the machine or the path of the project, so the same lock gives the
 * same bytes.
 */
#include "lockfile.h"
#include "repro.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/depext.h"
#include "lib/ucache.h"

static void dump(struct ml_buf *out, json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (s) {
		ml_buf_adds(out, s);
		ml_buf_addc(out, '\n');
	}
	free(s);
	json_decref(v);
}

/* A validated lock holds UTF-8 only; "" stands for anything else rather than crashing. */
static json_t *jstr(const char *s)
{
	json_t *v = json_string(s ? s : "");

	return v ? v : json_string("");
}

static void set_str(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, jstr(s));
}

/* purl component: percent-encoding of everything but unreserved characters (purl spec). */
static void pct(struct ml_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_' || c == '~')
			ml_buf_addc(b, (char)c);
		else
			ml_buf_addf(b, "%%%02X", c);
	}
}

static char *purl(const char *name, const char *version)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_buf_adds(&b, "pkg:opam/");
	pct(&b, name);
	if (version) {
		ml_buf_addc(&b, '@');
		pct(&b, version);
	}
	return ml_buf_detach(&b, NULL);
}

/* SPDX identifiers allow [A-Za-z0-9.-]: opam names' '_' and '+' are escaped (never '.'). */
static char *spdx_id(const char *name)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_buf_adds(&b, "SPDXRef-Package-");
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-')
			ml_buf_addc(&b, (char)c);
		else
			ml_buf_addf(&b, ".%02X", c);
	}
	return ml_buf_detach(&b, NULL);
}

/* The source holding package `name`, or NULL (not vendored). */
static const struct ml_lock_source *source_of(const struct ml_lock *lock, const char *name)
{
	for (size_t i = 0; i < lock->nsources; i++)
		if (ml_strvec_contains(&lock->sources[i].packages, name))
			return &lock->sources[i];
	return NULL;
}

/* Where the source can be downloaded from: a git url names its commit, as SPDX spells it. */
static char *download_location(const struct ml_lock_source *s)
{
	if (!s)
		return NULL;
	if (s->commit)
		return ml_xasprintf("%s@%s", s->url, s->commit);
	return ml_strdup(s->url);
}

static bool is_root(const struct ml_lock *lock, const char *name)
{
	return ml_strvec_contains(&lock->roots, name);
}

static const struct ml_pkg_meta *meta_of(const struct ml_lock_meta *meta, size_t i)
{
	return meta && i < meta->n && meta->pkgs[i].found ? &meta->pkgs[i] : NULL;
}

/* A 128-bit digest of the lock's text, for identifiers that must be unique per document. */
static void lock_digest(char out[33], const struct ml_lock *lock)
{
	struct ml_buf b = ML_BUF_INIT;

	ml_lockfile_render(&b, lock);
	snprintf(out, 33, "%016llx%016llx",
		 (unsigned long long)ml_ucache_hash(b.buf, b.len, 0x73626f6d31ULL),
		 (unsigned long long)ml_ucache_hash(b.buf, b.len, 0x73626f6d32ULL));
	ml_buf_release(&b);
}

/*
 * The lock's system packages for the variables it records (a depexts filter those leave
 * undefined, e.g. os-family when the lock does not fix it, counts as holding): sorted, each
 * once. The lock was validated, so every filter parses.
 */
static void depext_names(struct ml_strvec *out, const struct ml_lock *lock)
{
	struct ml_vars *vars = ml_vars_new();
	struct ml_error err = ML_ERROR_INIT;

	for (size_t i = 0; i < lock->nvars; i++)
		ml_vars_set(vars, lock->vars[i].name, lock->vars[i].value);
	ml_depext_select(out, lock, vars, true, "lock", &err);
	ml_error_release(&err);
	ml_vars_free(vars);
}

static char *roots_name(const struct ml_lock *lock)
{
	struct ml_buf b = ML_BUF_INIT;

	for (size_t i = 0; i < lock->roots.n; i++)
		ml_buf_addf(&b, "%s%s", i ? " " : "", lock->roots.v[i]);
	if (!b.len)
		ml_buf_adds(&b, "project");
	return ml_buf_detach(&b, NULL);
}

/* ---- CycloneDX 1.5 ---- */

static const char *cdx_alg(const char *kind)
{
	return !strcmp(kind, "md5") ? "MD5" : !strcmp(kind, "sha256") ? "SHA-256" : "SHA-512";
}

static void add_property(json_t *props, const char *name, const char *value)
{
	json_t *p = json_object();

	set_str(p, "name", name);
	set_str(p, "value", value);
	json_array_append_new(props, p);
}

static void add_ref(json_t *refs, const char *type, const char *url, const char *comment)
{
	json_t *r = json_object();

	set_str(r, "type", type);
	set_str(r, "url", url);
	if (comment)
		set_str(r, "comment", comment);
	json_array_append_new(refs, r);
}

static json_t *cdx_component(const struct ml_lock *lock, const struct ml_lock_package *p,
			     const struct ml_pkg_meta *m)
{
	const struct ml_lock_source *s = source_of(lock, p->name);
	json_t *c = json_object(), *refs = json_array(), *props = json_array();
	char *ref = purl(p->name, p->version);

	set_str(c, "type", is_root(lock, p->name) ? "application" : "library");
	set_str(c, "bom-ref", ref);
	set_str(c, "name", p->name);
	set_str(c, "version", p->version);
	set_str(c, "purl", ref);
	if (m && m->synopsis)
		set_str(c, "description", m->synopsis);
	if (s && s->checksums.n) {
		json_t *hashes = json_array();

		for (size_t i = 0; i < s->checksums.n; i++) {
			const char *eq = strchr(s->checksums.v[i], '=');
			char *kind;
			json_t *h;

			if (!eq)
				continue;
			kind = ml_strndup(s->checksums.v[i], (size_t)(eq - s->checksums.v[i]));
			h = json_object();
			set_str(h, "alg", cdx_alg(kind));
			set_str(h, "content", eq + 1);
			json_array_append_new(hashes, h);
			free(kind);
		}
		json_object_set_new(c, "hashes", hashes);
	}
	if (m && m->licenses.n) {
		json_t *lics = json_array();

		for (size_t i = 0; i < m->licenses.n; i++) {
			json_t *l = json_object(), *lic = json_object();

			set_str(lic, "name", m->licenses.v[i]);
			json_object_set_new(l, "license", lic);
			json_array_append_new(lics, l);
		}
		json_object_set_new(c, "licenses", lics);
	}
	if (s)
		add_ref(refs, "distribution", s->url,
			s->commit ? "at the commit in property monolock:commit" : NULL);
	if (m && m->dev_repo)
		add_ref(refs, "vcs", m->dev_repo, NULL);
	if (m && m->homepage)
		add_ref(refs, "website", m->homepage, NULL);
	if (json_array_size(refs))
		json_object_set(c, "externalReferences", refs);
	if (s && p->dir && s->patch_files.n) {
		/* the project's saved patches (monolock patch): what differs from upstream */
		json_t *ped = json_object(), *patches = json_array();

		for (size_t i = 0; i < s->patch_files.n; i++) {
			json_t *pa = json_object(), *diff = json_object();

			set_str(pa, "type", "unofficial");
			set_str(diff, "url", s->patch_files.v[i]);
			json_object_set_new(pa, "diff", diff);
			if (i < s->patch_sha256.n)
				add_property(props, "monolock:patch",
					     s->patch_sha256.v[i]); /* its sha256, as recorded */
			json_array_append_new(patches, pa);
		}
		json_object_set_new(ped, "patches", patches);
		json_object_set_new(c, "pedigree", ped);
	}
	add_property(props, "monolock:vendored", p->dir ? "true" : "false");
	if (p->dir)
		add_property(props, "monolock:dir", p->dir);
	else
		add_property(props, "monolock:reason", p->reason ? p->reason : "virtual");
	if (s && s->commit)
		add_property(props, "monolock:commit", s->commit);
	json_object_set(c, "properties", props);
	json_decref(refs);
	json_decref(props);
	free(ref);
	return c;
}

static void render_cyclonedx(struct ml_buf *out, const struct ml_lock *lock,
			     const struct ml_lock_meta *meta, const char *timestamp)
{
	json_t *doc = json_object(), *md = json_object(), *tools = json_object();
	json_t *tool = json_object(), *tlist = json_array(), *project = json_object();
	json_t *comps = json_array(), *deps = json_array(), *pdeps = json_array();
	struct ml_strvec depexts = ML_STRVEC_INIT;
	char digest[33], *name = roots_name(lock), *serial;

	lock_digest(digest, lock);
	/* a UUID (version 4 layout) made of the lock's digest: the same lock, the same BOM */
	serial = ml_xasprintf("urn:uuid:%.8s-%.4s-4%.3s-8%.3s-%.12s", digest, digest + 8,
			      digest + 12, digest + 15, digest + 18);
	set_str(doc, "bomFormat", "CycloneDX");
	set_str(doc, "specVersion", "1.5");
	set_str(doc, "serialNumber", serial);
	json_object_set_new(doc, "version", json_integer(1));
	if (timestamp)
		set_str(md, "timestamp", timestamp);
	set_str(tool, "type", "application");
	set_str(tool, "name", "monolock");
	set_str(tool, "version", ML_VERSION);
	json_array_append_new(tlist, tool);
	json_object_set_new(tools, "components", tlist);
	json_object_set_new(md, "tools", tools);
	set_str(project, "type", "application");
	set_str(project, "bom-ref", "project");
	set_str(project, "name", name);
	depext_names(&depexts, lock);
	if (depexts.n) {
		json_t *refs = json_array();

		/* system packages the build needs (opam depexts), by name */
		for (size_t i = 0; i < depexts.n; i++) {
			struct ml_buf u = ML_BUF_INIT;

			ml_buf_adds(&u, "pkg:generic/");
			pct(&u, depexts.v[i]);
			add_ref(refs, "other", u.buf, "system package (opam depexts)");
			ml_buf_release(&u);
		}
		json_object_set_new(project, "externalReferences", refs);
	}
	json_object_set_new(md, "component", project);
	json_object_set_new(doc, "metadata", md);
	for (size_t i = 0; i < lock->npackages; i++)
		json_array_append_new(comps,
				      cdx_component(lock, &lock->packages[i], meta_of(meta, i)));
	json_object_set_new(doc, "components", comps);
	for (size_t i = 0; i < lock->roots.n; i++) {
		const struct ml_lock_package *p = ml_lock_find_package(lock, lock->roots.v[i]);
		char *ref = purl(lock->roots.v[i], p ? p->version : NULL);

		if (p)
			json_array_append_new(pdeps, jstr(ref));
		free(ref);
	}
	{
		json_t *d = json_object();

		set_str(d, "ref", "project");
		json_object_set_new(d, "dependsOn", pdeps);
		json_array_append_new(deps, d);
	}
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];
		json_t *d = json_object(), *on = json_array();
		char *ref = purl(p->name, p->version);

		for (size_t j = 0; j < p->depends.n; j++) {
			const struct ml_lock_package *q =
			    ml_lock_find_package(lock, p->depends.v[j]);
			char *r;

			if (!q)
				continue;
			r = purl(q->name, q->version);
			json_array_append_new(on, jstr(r));
			free(r);
		}
		set_str(d, "ref", ref);
		json_object_set_new(d, "dependsOn", on);
		json_array_append_new(deps, d);
		free(ref);
	}
	json_object_set_new(doc, "dependencies", deps);
	dump(out, doc);
	ml_strvec_release(&depexts);
	free(serial);
	free(name);
}

/* ---- SPDX 2.3 ---- */

static bool is_license_word(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '+' || c == ':'))
			return false;
	}
	return true;
}

/*
 * Whether s reads as an SPDX license expression: identifiers joined by AND, OR, WITH and
 * parentheses. Anything else ("BSD-like", "LGPL with linking exception") is not claimed.
 */
static bool looks_spdx(const char *s)
{
	int depth = 0;
	bool want_id = true;

	while (*s) {
		size_t n;

		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '(') {
			if (!want_id)
				return false;
			depth++;
			s++;
			continue;
		}
		if (*s == ')') {
			if (want_id || --depth < 0)
				return false;
			s++;
			continue;
		}
		n = strcspn(s, " ()");
		if ((n == 3 && !strncmp(s, "AND", 3)) || (n == 2 && !strncmp(s, "OR", 2)) ||
		    (n == 4 && !strncmp(s, "WITH", 4))) {
			if (want_id)
				return false;
			want_id = true;
		} else {
			if (!want_id || !is_license_word(s, n))
				return false;
			want_id = false;
		}
		s += n;
	}
	return !want_id && depth == 0;
}

static void spdx_license(json_t *pk, const struct ml_pkg_meta *m)
{
	struct ml_buf expr = ML_BUF_INIT, raw = ML_BUF_INIT;
	bool ok = m && m->licenses.n;

	for (size_t i = 0; m && i < m->licenses.n; i++) {
		const char *l = m->licenses.v[i];
		bool paren = m->licenses.n > 1 && strchr(l, ' ');

		ok = ok && looks_spdx(l);
		ml_buf_addf(&expr, "%s%s%s%s", i ? " AND " : "", paren ? "(" : "", l,
			    paren ? ")" : "");
		ml_buf_addf(&raw, "%s\"%s\"", i ? " " : "", l);
	}
	set_str(pk, "licenseConcluded", "NOASSERTION");
	set_str(pk, "licenseDeclared", ok ? expr.buf : "NOASSERTION");
	if (!ok && raw.len)
		json_object_set_new(pk, "licenseComments",
				    json_sprintf("opam license: %s", raw.buf));
	ml_buf_release(&expr);
	ml_buf_release(&raw);
}

static json_t *spdx_package(const struct ml_lock *lock, const struct ml_lock_package *p,
			    const struct ml_pkg_meta *m)
{
	const struct ml_lock_source *s = source_of(lock, p->name);
	json_t *pk = json_object(), *refs = json_array(), *ref = json_object();
	char *id = spdx_id(p->name), *pu = purl(p->name, p->version);
	char *loc = download_location(s);
	struct ml_strvec depexts = ML_STRVEC_INIT;

	set_str(pk, "SPDXID", id);
	set_str(pk, "name", p->name);
	set_str(pk, "versionInfo", p->version);
	set_str(pk, "downloadLocation", loc ? loc : "NOASSERTION");
	json_object_set_new(pk, "filesAnalyzed", json_false());
	if (s && s->checksums.n) {
		json_t *sums = json_array();

		for (size_t i = 0; i < s->checksums.n; i++) {
			const char *eq = strchr(s->checksums.v[i], '=');
			json_t *c;

			if (!eq)
				continue;
			c = json_object();
			set_str(c, "algorithm",
				ml_starts_with(s->checksums.v[i], "md5")      ? "MD5"
				: ml_starts_with(s->checksums.v[i], "sha256") ? "SHA256"
									      : "SHA512");
			set_str(c, "checksumValue", eq + 1);
			json_array_append_new(sums, c);
		}
		json_object_set_new(pk, "checksums", sums);
	}
	if (m && m->homepage)
		set_str(pk, "homepage", m->homepage);
	if (m && m->dev_repo)
		json_object_set_new(pk, "sourceInfo", json_sprintf("dev-repo: %s", m->dev_repo));
	spdx_license(pk, m);
	set_str(pk, "copyrightText", "NOASSERTION");
	if (m && m->synopsis)
		set_str(pk, "summary", m->synopsis);
	if (p->dir && s && s->patch_files.n)
		json_object_set_new(pk, "comment",
				    json_sprintf("vendored in duniverse/%s, with the project's "
						 "patches %s",
						 p->dir, s->patch_files.v[0]));
	else if (p->dir)
		json_object_set_new(pk, "comment",
				    json_sprintf("vendored in duniverse/%s", p->dir));
	else
		json_object_set_new(
		    pk, "comment",
		    json_sprintf("not vendored (%s)", p->reason ? p->reason : "virtual"));
	set_str(pk, "primaryPackagePurpose", is_root(lock, p->name) ? "APPLICATION" : "LIBRARY");
	set_str(ref, "referenceCategory", "PACKAGE-MANAGER");
	set_str(ref, "referenceType", "purl");
	set_str(ref, "referenceLocator", pu);
	json_array_append_new(refs, ref);
	if (is_root(lock, p->name))
		depext_names(&depexts, lock);
	for (size_t i = 0; i < depexts.n; i++) {
		json_t *d = json_object();

		set_str(d, "referenceCategory", "OTHER");
		set_str(d, "referenceType", "opam-depext");
		set_str(d, "referenceLocator", depexts.v[i]);
		set_str(d, "comment", "system package (opam depexts)");
		json_array_append_new(refs, d);
	}
	json_object_set_new(pk, "externalRefs", refs);
	ml_strvec_release(&depexts);
	free(id);
	free(pu);
	free(loc);
	return pk;
}

static void add_rel(json_t *rels, const char *a, const char *type, const char *b)
{
	json_t *r = json_object();

	set_str(r, "spdxElementId", a);
	set_str(r, "relationshipType", type);
	set_str(r, "relatedSpdxElement", b);
	json_array_append_new(rels, r);
}

static void render_spdx(struct ml_buf *out, const struct ml_lock *lock,
			const struct ml_lock_meta *meta, const char *timestamp)
{
	json_t *doc = json_object(), *ci = json_object(), *creators = json_array();
	json_t *describes = json_array(), *pkgs = json_array(), *rels = json_array();
	char digest[33], *name = roots_name(lock);

	lock_digest(digest, lock);
	set_str(doc, "spdxVersion", "SPDX-2.3");
	set_str(doc, "dataLicense", "CC0-1.0");
	set_str(doc, "SPDXID", "SPDXRef-DOCUMENT");
	json_object_set_new(doc, "name", json_sprintf("monolock sbom of %s", name));
	/* unique per lock content, as the spec asks, and the same for the same lock */
	json_object_set_new(doc, "documentNamespace",
			    json_sprintf("https://monolock.invalid/spdx/%s", digest));
	set_str(ci, "created", timestamp ? timestamp : "1970-01-01T00:00:00Z");
	json_array_append_new(creators, json_sprintf("Tool: monolock-%s", ML_VERSION));
	json_object_set_new(ci, "creators", creators);
	json_object_set_new(doc, "creationInfo", ci);
	for (size_t i = 0; i < lock->npackages; i++)
		json_array_append_new(pkgs,
				      spdx_package(lock, &lock->packages[i], meta_of(meta, i)));
	for (size_t i = 0; i < lock->roots.n; i++) {
		char *id;

		if (!ml_lock_find_package(lock, lock->roots.v[i]))
			continue;
		id = spdx_id(lock->roots.v[i]);
		json_array_append_new(describes, jstr(id));
		add_rel(rels, "SPDXRef-DOCUMENT", "DESCRIBES", id);
		free(id);
	}
	for (size_t i = 0; i < lock->npackages; i++) {
		const struct ml_lock_package *p = &lock->packages[i];
		char *a = spdx_id(p->name);

		for (size_t j = 0; j < p->depends.n; j++) {
			char *b;

			if (!ml_lock_find_package(lock, p->depends.v[j]))
				continue;
			b = spdx_id(p->depends.v[j]);
			add_rel(rels, a, "DEPENDS_ON", b);
			free(b);
		}
		free(a);
	}
	json_object_set_new(doc, "documentDescribes", describes);
	json_object_set_new(doc, "packages", pkgs);
	json_object_set_new(doc, "relationships", rels);
	dump(out, doc);
	free(name);
}

void ml_sbom_render(struct ml_buf *out, const struct ml_lock *lock, const struct ml_lock_meta *meta,
		    bool spdx, const char *timestamp)
{
	if (spdx)
		render_spdx(out, lock, meta, timestamp);
	else
		render_cyclonedx(out, lock, meta, timestamp);
}

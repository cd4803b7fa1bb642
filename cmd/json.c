#include "cmd.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* --json documents: "monolock": 1 first, then the command's members, on stdout. */

void cmd_json_print(json_t *obj)
{
	json_t *doc = json_object();
	char *s;

	json_object_set_new(doc, "monolock", json_integer(1));
	if (json_is_object(obj))
		json_object_update(doc, obj);
	else if (obj)
		json_object_set(doc, "result", obj);
	json_decref(obj);
	s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	/* fails only on allocation failure or invalid UTF-8: say so rather than print nothing */
	if (s)
		printf("%s\n", s);
	else
		printf(
		    "{\"monolock\": 1, \"error\": {\"code\": 1, \"message\": \"cannot encode the "
		    "result as JSON\"}}\n");
	fflush(stdout);
	free(s);
	json_decref(doc);
}

void cmd_json_print_text(const char *text)
{
	json_error_t jerr;
	json_t *obj = json_loads(text, 0, &jerr);

	cmd_json_print(obj);
}

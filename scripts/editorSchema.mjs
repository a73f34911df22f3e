// The schema VS Code's JSON language service gets (dist/estimator.schema.json): the full schema for completion
// and hover, without the keywords that only validate. The extension's own diagnostics report those problems,
// with better messages ("did you mean ..."), so the Problems panel shows each problem once.
const VALIDATION_ONLY = new Set([
  'additionalProperties', 'required', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems', 'propertyNames', 'minProperties', 'maxProperties',
]);

/** Definitions used as conditions (`if`) must keep their meaning, so they are copied untouched. */
function conditionDefinitions(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach(child => conditionDefinitions(child, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'if') JSON.stringify(value).replace(/#\/definitions\/([\w-]+)/g, (_, name) => found.add(name));
      conditionDefinitions(value, found);
    }
  }
  return found;
}

function strip(node) {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(key) && !(key === 'additionalProperties' && typeof value === 'object')) continue;
    if (key === 'if') { out.if = value; continue; }
    if (key === 'enum') {
      // Still offered as values to pick from, no longer enforced.
      out.examples = [...new Set([...(value ?? []), ...(node.examples ?? [])])];
      continue;
    }
    if (key === 'examples' && node.enum) continue;
    if (key === 'oneOf') { out.anyOf = strip(value); continue; }
    out[key] = strip(value);
  }
  return out;
}

export function editorSchema(schema) {
  const keep = conditionDefinitions(schema);
  const result = strip(schema);
  for (const name of keep) result.definitions[name] = schema.definitions[name];
  return result;
}
